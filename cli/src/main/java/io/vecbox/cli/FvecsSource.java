package io.vecbox.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code .fvecs} (the TEXMEX/ANN benchmark format): each record is an int32 little-endian
 * dimension followed by that many float32 little-endian values. Records have no ids.
 */
final class FvecsSource implements VectorSource {
    /** Larger dimensions are taken as garbage rather than allocated. */
    static final int MAX_DIM = 65_536;

    private final Path file;
    private final CountingInputStream counting;
    private final InputStream in;
    private long record;

    FvecsSource(Path file) throws IOException {
        this.file = file;
        this.counting = new CountingInputStream(Files.newInputStream(file));
        this.in = new BufferedInputStream(counting, 1 << 16);
    }

    @Override
    public Entry next() throws MalformedInputException, IOException {
        byte[] header = new byte[4];
        int n = in.readNBytes(header, 0, 4);
        if (n == 0) {
            return null; // EOF at a record boundary: no more records
        }
        record++;
        if (n < 4) {
            throw error("truncated (the file ends inside the 4-byte dimension)");
        }
        int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dim < 1 || dim > MAX_DIM) {
            throw error("bad dimension " + dim + " (expected 1.." + MAX_DIM + ")");
        }
        byte[] data = new byte[dim * 4];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw error("truncated (dimension " + dim + " needs " + data.length + " bytes, the file has " + got
                    + " left)");
        }
        float[] v = new float[dim];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return new Entry(null, v);
    }

    private MalformedInputException error(String what) {
        return new MalformedInputException(file + ": record " + record + ": " + what);
    }

    @Override
    public long bytesRead() {
        return counting.count();
    }

    @Override
    public long recordNumber() {
        return record;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
