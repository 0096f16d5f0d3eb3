package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.junit.jupiter.api.Test;

/**
 * Buffers that grew for one large frame are let go afterwards: a pool that returned a few 40 MB
 * results kept ~100 MB per worker connection, on both sides, for as long as it lived.
 */
class BufferReleaseTest {
    private static final int LARGE = 5 * 1024 * 1024;
    private static final int SMALL_CAPACITY = 64 * 1024;
    private static final int MAX_FRAME = Protocol.DEFAULT_MAX_FRAME_BYTES;

    /** A message whose SQL text is a large string (the packer sizes its buffer for it). */
    private static Message largeText() {
        char[] sql = new char[LARGE];
        Arrays.fill(sql, 'x');
        return new Execute(1L, new String(sql), List.of(), 1000L);
    }

    /** A message with a large binary parameter. */
    private static Message largeBlob() {
        return new Execute(2L, "insert into t values (?)", List.of(new byte[LARGE]), 1000L);
    }

    private static Message small() {
        return new Ping(3L);
    }

    private static byte[] frames(Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageWriter w = new MessageWriter(out, MAX_FRAME);
        for (Message m : messages) {
            w.write(m);
        }
        return out.toByteArray();
    }

    /**
     * Bytes msgpack's packer keeps between messages in a buffer of its own (it writes into the
     * encoder's buffer, whose capacity the tests check separately). Reads msgpack-core
     * internals: if they are renamed, this fails loudly rather than passing.
     */
    private static long packerRetainedBytes(MessageEncoder encoder) throws ReflectiveOperationException {
        MessagePacker packer = (MessagePacker) field(encoder, "packer");
        MessageBuffer own = (MessageBuffer) field(packer, "buffer");
        return own == null ? 0 : own.size();
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(o.getClass().getName() + "." + name);
    }

    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }

    @Test
    void frameReaderShrinksBackOnTheFrameAfterALargeOne() throws IOException {
        FrameReader r = new FrameReader(new ByteArrayInputStream(frames(small(), largeBlob(), small(), small())),
                MAX_FRAME);
        assertThat(r.readFrame()).isPositive();
        int initial = r.bufferCapacity();
        assertThat(r.readFrame()).isGreaterThan(LARGE);
        assertThat(r.bufferCapacity()).as("the large frame's payload is valid until the next read")
                .isGreaterThan(LARGE);
        assertThat(r.readFrame()).isPositive();
        assertThat(r.bufferCapacity()).isEqualTo(initial);
        assertThat(r.readFrame()).isPositive();
        assertThat(r.bufferCapacity()).isEqualTo(initial);
    }

    @Test
    void messageReaderLetsGoOfALargeFrameOnceItIsDecoded() throws IOException {
        MessageReader r = new MessageReader(new ByteArrayInputStream(frames(largeBlob(), largeText())), MAX_FRAME);
        Execute blob = (Execute) r.read();
        assertThat((byte[]) blob.params().get(0)).hasSize(LARGE);
        assertThat(r.frames().bufferCapacity()).as("released while the reader waits for the next frame")
                .isLessThanOrEqualTo(SMALL_CAPACITY);
        Execute text = (Execute) r.read();
        assertThat(text.sql()).hasSize(LARGE);
        assertThat(r.frames().bufferCapacity()).isLessThanOrEqualTo(SMALL_CAPACITY);
    }

    @Test
    void decoderKeepsNoReferenceToTheLastPayload() throws IOException {
        byte[] wire = frames(largeBlob());
        byte[] payload = Arrays.copyOfRange(wire, 4, wire.length);
        MessageDecoder decoder = new MessageDecoder();
        assertThat(decoder.decode(payload, 0, payload.length)).isInstanceOf(Execute.class);
        WeakReference<byte[]> ref = new WeakReference<>(payload);
        payload = null;
        assertThat(collected(ref)).as("the decoder still holds the large payload").isTrue();
    }

    @Test
    void encoderShrinksBackOnTheMessageAfterALargeOne() throws Exception {
        MessageEncoder e = new MessageEncoder();
        e.encode(small());
        int initial = e.bufferCapacity();
        e.encode(largeText());
        assertThat(e.size()).isGreaterThan(LARGE);
        e.encode(small());
        assertThat(e.bufferCapacity()).isEqualTo(initial);
        assertThat(packerRetainedBytes(e)).isLessThanOrEqualTo(SMALL_CAPACITY);
    }

    @Test
    void messageWriterLetsGoOfItsBuffersRightAfterALargeFrame() throws Exception {
        for (Message large : List.of(largeText(), largeBlob())) {
            MessageWriter w = new MessageWriter(OutputStream.nullOutputStream(), MAX_FRAME);
            w.write(small());
            int initial = w.encoder().bufferCapacity();
            w.write(large);
            assertThat(w.encoder().bufferCapacity()).as(large.toString().substring(0, 40)).isEqualTo(initial);
            assertThat(packerRetainedBytes(w.encoder())).isLessThanOrEqualTo(SMALL_CAPACITY);
            w.write(small());
            assertThat(w.encoder().bufferCapacity()).isEqualTo(initial);
        }
    }

    @Test
    void aFrameTooLargeToSendLeavesNoLargeBufferBehind() throws Exception {
        MessageWriter w = new MessageWriter(OutputStream.nullOutputStream(), 1024 * 1024);
        try {
            w.write(largeBlob());
        } catch (FrameTooLargeException expected) {
            // nothing was written
        }
        assertThat(w.encoder().bufferCapacity()).isLessThanOrEqualTo(SMALL_CAPACITY);
        assertThat(packerRetainedBytes(w.encoder())).isLessThanOrEqualTo(SMALL_CAPACITY);
    }

    @Test
    void aResultIsEncodedIntoOneBufferSizedFromItsRowsNotGrownByDoubling() throws IOException {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            rows.add(Arrays.asList((long) i, new byte[1536], "text " + i, null, 0.5 * i));
        }
        Result result = new Result(1, List.of("id", "b", "s", "n", "d"), rows, 0, 0, false, 1, List.of());
        MessageEncoder e = new MessageEncoder();
        e.encode(small());
        e.encode(result);
        assertThat(e.size()).isGreaterThan(3_000 * 1536);
        assertThat(e.bufferCapacity()).as("allocated once, from the estimate")
                .isEqualTo((int) MessageEncoder.estimate(result))
                .isLessThan(e.size() + e.size() / 8);
        TestMessages.assertSameMessage(new MessageDecoder().decode(e.array(), 0, e.size()), result);
        e.encode(small());
        assertThat(e.bufferCapacity()).as("let go at the next message").isLessThanOrEqualTo(SMALL_CAPACITY);
    }

    @Test
    void aWriterThatKeepsLargeBuffersReusesOneUpToItsBoundAndLetsGoOfALargerOne() throws Exception {
        MessageWriter w = new MessageWriter(OutputStream.nullOutputStream(), MAX_FRAME, 8 * 1024 * 1024);
        w.write(largeBlob());
        byte[] kept = w.encoder().array();
        assertThat(kept.length).as("kept for the next large message").isGreaterThan(LARGE);
        w.write(small());
        w.write(largeText());
        assertThat(w.encoder().array()).as("the same array, not a new one").isSameAs(kept);
        assertThat(packerRetainedBytes(w.encoder())).isLessThanOrEqualTo(SMALL_CAPACITY);
        w.write(new Execute(4L, "insert into t values (?)", List.of(new byte[9 * 1024 * 1024]), 1000L));
        assertThat(w.encoder().bufferCapacity()).as("past the bound: let go right after the frame")
                .isLessThanOrEqualTo(SMALL_CAPACITY);
    }
}
