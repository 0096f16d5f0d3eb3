package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frames past 1 MiB are decoded while they are read from the stream, with no buffer of their
 * size: the same messages, the same failures, and the stream left exactly at the next frame.
 */
class StreamedFrameTest {
    private static final int MAX_FRAME = Protocol.DEFAULT_MAX_FRAME_BYTES;

    /** A result of 2,000 rows × (int, 1.5 KB blob, string): about 3 MB. */
    private static Result largeResult(long id) {
        Random random = new Random(id);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] blob = new byte[1536];
            random.nextBytes(blob);
            rows.add(Arrays.asList((long) i, blob, "row " + i + " ü€𝄞", i % 7 == 0 ? null : i * 0.5));
        }
        return new Result(id, List.of("id", "b", "s", "d"), rows, 0, 0, false, 1, List.of());
    }

    private static byte[] frames(Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageWriter w = new MessageWriter(out, MAX_FRAME);
        for (Message m : messages) {
            w.write(m);
        }
        return out.toByteArray();
    }

    @Test
    void largeFramesDecodeFromTheStreamAndTheNextFrameFollowsExactly() throws IOException {
        Result first = largeResult(1);
        Result second = largeResult(2);
        byte[] wire = frames(first, new Ping(7), second, second, new Pong(8, true));
        assertThat(wire.length).isGreaterThan(2 * MessageReader.STREAM_ABOVE_BYTES);
        MessageReader r = new MessageReader(new ByteArrayInputStream(wire), MAX_FRAME);
        int initial = r.frames().bufferCapacity();
        TestMessages.assertSameMessage(r.read(), first);
        assertThat(r.frames().bufferCapacity()).as("no buffer grew for the large frame").isEqualTo(initial);
        assertThat(r.read()).isEqualTo(new Ping(7));
        TestMessages.assertSameMessage(r.read(), second);
        TestMessages.assertSameMessage(r.read(), second);
        assertThat(r.read()).isEqualTo(new Pong(8, true));
        assertThat(r.read()).isNull();
        assertThat(r.frames().bufferCapacity()).isEqualTo(initial);
    }

    @Test
    void aStreamCutInsideALargePayloadIsEofException() throws IOException {
        byte[] wire = frames(largeResult(3));
        for (int keep : new int[] {5, 4 + (1 << 20) + 17, wire.length - 1}) {
            MessageReader r = new MessageReader(new ByteArrayInputStream(Arrays.copyOf(wire, keep)), MAX_FRAME);
            assertThatThrownBy(r::read).as("cut at %d", keep).isInstanceOf(EOFException.class)
                    .hasMessageContaining("frame payload");
        }
    }

    @Test
    void bytesAfterTheValueInALargeFrameAreAProtocolViolation() throws IOException {
        byte[] payload = TestMessages.payload(largeResult(4));
        byte[] longer = Arrays.copyOf(payload, payload.length + 3);
        MessageReader r = new MessageReader(new ByteArrayInputStream(TestMessages.frame(longer)), MAX_FRAME);
        assertThatThrownBy(r::read).isInstanceOf(ProtocolException.class).hasMessageContaining("3 bytes after");
    }

    @Test
    void aLengthInsideALargeFrameBeyondItsEndIsRefusedBeforeAllocating() throws IOException {
        // A binary announcing 2 GB - 1 inside a frame of ~1.1 MB: refused from the announced length alone.
        byte[] payload = TestMessages.payload(new Execute(5, "x", List.of(new byte[1_100_000]), 0));
        int at = indexOf(payload, new byte[] {(byte) 0xc6, 0x00, 0x10, (byte) 0xc8, (byte) 0xe0});
        payload[at + 1] = 0x7f;
        payload[at + 2] = (byte) 0xff;
        payload[at + 3] = (byte) 0xff;
        payload[at + 4] = (byte) 0xff;
        MessageReader r = new MessageReader(new ByteArrayInputStream(TestMessages.frame(payload)), MAX_FRAME);
        assertThatThrownBy(r::read).isInstanceOf(ProtocolException.class).hasMessageContaining("binary announces");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
