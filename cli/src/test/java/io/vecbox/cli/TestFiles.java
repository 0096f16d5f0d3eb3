package io.vecbox.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small input files in the formats {@code vecbox import} reads. */
final class TestFiles {
    private TestFiles() {
    }

    static float[][] vectors(int n, int dim, int offset) {
        float[][] v = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                v[i][j] = (i + offset) + j / 10f;
            }
        }
        return v;
    }

    static Path fvecs(Path file, float[][] vectors) throws IOException {
        int size = 0;
        for (float[] v : vectors) {
            size += 4 + 4 * v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) {
            b.putInt(v.length);
            for (float f : v) {
                b.putFloat(f);
            }
        }
        return Files.write(file, b.array());
    }

    /** @param descr e.g. {@code <f4}; data written as float32 ({@code <f4}) or float64 otherwise */
    static Path npy(Path file, String descr, float[][] vectors) throws IOException {
        int rows = vectors.length;
        int dim = rows == 0 ? 0 : vectors[0].length;
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + dim + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        boolean f4 = descr.endsWith("f4");
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + rows * dim * (f4 ? 4 : 8))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float[] v : vectors) {
            for (float f : v) {
                if (f4) {
                    b.putFloat(f);
                } else {
                    b.putDouble(f);
                }
            }
        }
        return Files.write(file, b.array());
    }

    static Path jsonl(Path file, float[][] vectors, long firstId) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vectors.length; i++) {
            sb.append("{\"id\": ").append(firstId + i).append(", \"embedding\": [");
            for (int j = 0; j < vectors[i].length; j++) {
                sb.append(j == 0 ? "" : ", ").append(vectors[i][j]);
            }
            sb.append("]}\n");
        }
        return Files.writeString(file, sb);
    }
}
