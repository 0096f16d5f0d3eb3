package io.vecbox.protocol;

import static io.vecbox.protocol.TestMessages.MAX_FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramingTest {

    private static FrameReader reader(byte[] bytes, int max) {
        return new FrameReader(new ByteArrayInputStream(bytes), max);
    }

    @Test
    void emptyStreamIsACleanEnd() throws IOException {
        assertThat(reader(new byte[0], MAX_FRAME).readFrame()).isEqualTo(-1);
        assertThat(new MessageReader(new ByteArrayInputStream(new byte[0]), MAX_FRAME).read()).isNull();
        assertThat(new MessageReader(new TestMessages.OneByteInputStream(new byte[0]), MAX_FRAME).read()).isNull();
    }

    @Test
    void endOfStreamAtAFrameBoundaryIsACleanEnd() throws IOException {
        byte[] wire = TestMessages.encodeFrames(List.of(new Ping(1L), new Ping(2L)));
        FrameReader frames = reader(wire, MAX_FRAME);
        assertThat(frames.readFrame()).isPositive();
        assertThat(frames.readFrame()).isPositive();
        assertThat(frames.readFrame()).isEqualTo(-1);
        assertThat(frames.readFrame()).isEqualTo(-1);

        MessageReader messages = new MessageReader(new TestMessages.OneByteInputStream(wire), MAX_FRAME);
        assertThat(messages.read()).isEqualTo(new Ping(1L));
        assertThat(messages.read()).isEqualTo(new Ping(2L));
        assertThat(messages.read()).isNull();
    }

    @Test
    void frameLayoutIsBigEndianLengthThenPayload() throws IOException {
        byte[] payload = new byte[0x010203];
        Arrays.fill(payload, (byte) 0x5a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out, MAX_FRAME).writeFrame(payload, 0, payload.length);
        byte[] wire = out.toByteArray();
        assertThat(Arrays.copyOf(wire, 4)).containsExactly(0x00, 0x01, 0x02, 0x03);
        assertThat(wire).hasSize(4 + payload.length);

        FrameReader frames = reader(wire, MAX_FRAME);
        assertThat(frames.readFrame()).isEqualTo(payload.length);
        assertThat(Arrays.copyOf(frames.buffer(), payload.length)).isEqualTo(payload);
    }

    @Test
    void zeroLengthFrameIsAFrameButNotAMessage() throws IOException {
        byte[] wire = {0, 0, 0, 0};
        assertThat(reader(wire, MAX_FRAME).readFrame()).isZero();
        assertThatThrownBy(() -> new MessageReader(new ByteArrayInputStream(wire), MAX_FRAME).read())
                .isInstanceOf(ProtocolException.class);
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @ValueSource(ints = {1, 2, 3})
    void streamEndingInsideTheHeaderIsEOFException(int keep) {
        byte[] wire = Arrays.copyOf(TestMessages.encodeFrames(List.of(new Ping(1L))), keep);
        assertThatThrownBy(() -> reader(wire, MAX_FRAME).readFrame()).isInstanceOf(EOFException.class)
                .isNotInstanceOf(ProtocolException.class).hasMessageContaining("header");
        assertThatThrownBy(() -> new MessageReader(new TestMessages.OneByteInputStream(wire), MAX_FRAME).read())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void streamEndingInsideThePayloadIsEOFException() {
        byte[] full = TestMessages.encodeFrames(List.of(new Ping(1L), new Query(2L, "SELECT 1", List.of(), 0, 0, 0)));
        int firstFrame = TestMessages.encodeFrames(List.of(new Ping(1L))).length;
        for (int keep = firstFrame + 4; keep < full.length; keep++) {
            byte[] wire = Arrays.copyOf(full, keep);
            MessageReader messages = new MessageReader(new ByteArrayInputStream(wire), MAX_FRAME);
            assertThatThrownBy(() -> {
                assertThat(messages.read()).isEqualTo(new Ping(1L));
                messages.read();
            }).as("cut at %d", keep).isInstanceOf(EOFException.class).hasMessageContaining("payload");
        }
        // Header announces 10 bytes, none follow.
        assertThatThrownBy(() -> reader(new byte[] {0, 0, 0, 10}, MAX_FRAME).readFrame())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void oversizedLengthIsRejectedBeforeAllocating() {
        byte[] wire = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 1, 2, 3};
        FrameReader frames = reader(wire, MAX_FRAME);
        int before = frames.buffer().length;

        FrameTooLargeException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> org.junit.jupiter.api.Assertions.assertThrows(FrameTooLargeException.class, frames::readFrame));

        assertThat(e).isInstanceOf(ProtocolException.class);
        assertThat(e.length()).isEqualTo(0xFFFFFFF0L);
        assertThat(e.maxFrameBytes()).isEqualTo(MAX_FRAME);
        assertThat(e.getMessage()).contains("4294967280").contains(String.valueOf(MAX_FRAME))
                .doesNotContain("text, not a frame");
        assertThat(frames.buffer().length).isEqualTo(before).isLessThan(MAX_FRAME);
    }

    @Test
    void textWhereAFrameShouldStartIsNamedAsText() {
        byte[] wire = "[0.512s][info][gc] GC(3) Pause Young\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> reader(wire, MAX_FRAME).readFrame()).isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining("(header bytes \"[0.5\": text, not a frame)");
        byte[] banner = "#\n# A fatal error has been detected".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> reader(banner, MAX_FRAME).readFrame())
                .hasMessageContaining("(header bytes \"#\\n# \": text, not a frame)");
    }

    @Test
    void lengthJustOverTheMaximumIsRejectedAndTheMaximumItselfIsAccepted() throws IOException {
        int max = 1000;
        byte[] over = TestMessages.frame(new byte[max + 1]);
        assertThatThrownBy(() -> reader(over, max).readFrame()).isInstanceOf(FrameTooLargeException.class);
        assertThat(reader(TestMessages.frame(new byte[max]), max).readFrame()).isEqualTo(max);
    }

    @Test
    void messageReaderRejectsOversizedFramesToo() {
        byte[] wire = TestMessages.encodeFrames(List.of(new Query(1L, "x".repeat(200), List.of(), 0, 0, 0)));
        assertThatThrownBy(() -> new MessageReader(new ByteArrayInputStream(wire), 100).read())
                .isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void writerRefusesAnOversizedPayloadAndWritesNothing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out, 16);
        assertThatThrownBy(() -> writer.writeFrame(new byte[17], 0, 17)).isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining("outgoing");
        assertThat(out.size()).isZero();

        writer.writeFrame(new byte[16], 0, 16);
        assertThat(out.size()).isEqualTo(20);
    }

    @Test
    void messageWriterRefusesAnOversizedMessageAndStaysUsable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageWriter writer = new MessageWriter(out, 64);
        assertThatThrownBy(() -> writer.write(new Execute(1L, "x".repeat(100), List.of(), 0L)))
                .isInstanceOf(FrameTooLargeException.class);
        assertThat(out.size()).isZero();

        writer.write(new Ping(2L));
        assertThat(new MessageReader(new ByteArrayInputStream(out.toByteArray()), 64).read()).isEqualTo(new Ping(2L));
    }

    @Test
    void textOnTheStreamIsAnOversizedLength() {
        // A worker that prints to stdout corrupts the stream: "this" read as a length is ~1.9 GB.
        byte[] wire = "this is not a frame\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new MessageReader(new ByteArrayInputStream(wire), MAX_FRAME).read())
                .isInstanceOf(FrameTooLargeException.class).isInstanceOf(ProtocolException.class);
    }

    @Test
    void maxFrameBytesMustBePositive() {
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(new byte[0]), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameWriter(new ByteArrayOutputStream(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
