package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.junit.jupiter.api.Test;

/** The hand-written packer writes the bytes msgpack-core's packer writes, at every format's edges. */
class WirePackerTest {
    private final PackerBuffer buffer = new PackerBuffer();
    private final WirePacker packer = new WirePacker(buffer);
    private final MessageBufferPacker reference = MessagePack.newDefaultBufferPacker();

    @Test
    void integersAtEveryFormatBoundary() throws IOException {
        List<Long> values = List.of(0L, 1L, 127L, 128L, 255L, 256L, 65_535L, 65_536L, 4_294_967_295L, 4_294_967_296L,
                Long.MAX_VALUE, -1L, -32L, -33L, -128L, -129L, -32_768L, -32_769L, (long) Integer.MIN_VALUE,
                Integer.MIN_VALUE - 1L, Long.MIN_VALUE);
        for (long v : values) {
            packer.packLong(v);
            reference.packLong(v);
        }
        packer.packInt(Integer.MAX_VALUE).packInt(Integer.MIN_VALUE).packInt(-5);
        reference.packInt(Integer.MAX_VALUE).packInt(Integer.MIN_VALUE).packInt(-5);
        assertSameBytes();
    }

    @Test
    void stringsOfEveryLengthFormatAndCharset() throws IOException {
        for (int n : new int[] {0, 1, 31, 32, 255, 256, 65_535, 65_536}) {
            String ascii = "x".repeat(n);
            packer.packString(ascii);
            reference.packString(ascii);
        }
        for (String s : List.of("é", "naïve café", "日本語のテキスト", "😀 emoji", "ü".repeat(20), "a\u0000b",
                "unpaired \uD800 surrogate", "\uDC00", "é".repeat(300))) {
            packer.packString(s);
            reference.packString(s);
        }
        assertSameBytes();
    }

    @Test
    void headersBlobsAndScalars() throws IOException {
        for (int n : new int[] {0, 15, 16, 255, 256, 65_535, 65_536}) {
            packer.packArrayHeader(n).packMapHeader(n).packBinaryHeader(n);
            reference.packArrayHeader(n).packMapHeader(n).packBinaryHeader(n);
        }
        byte[] blob = new byte[300];
        Arrays.fill(blob, (byte) 0xab);
        packer.writePayload(blob).packNil().packBoolean(true).packBoolean(false);
        reference.writePayload(blob).packNil().packBoolean(true).packBoolean(false);
        for (double d : new double[] {0.0, -0.0, 1.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
            packer.packDouble(d);
            reference.packDouble(d);
        }
        assertSameBytes();
    }

    @Test
    void growsTheBufferAsValuesArriveWithoutLosingWhatCameBefore() throws IOException {
        String large = "y".repeat(100_000); // far past the initial 8 KiB
        packer.packString("before").packString(large).packLong(42);
        reference.packString("before").packString(large).packLong(42);
        assertSameBytes();
    }

    private void assertSameBytes() throws IOException {
        reference.flush();
        byte[] expected = reference.toByteArray();
        assertThat(Arrays.copyOf(buffer.array(), buffer.size())).isEqualTo(expected);
    }
}
