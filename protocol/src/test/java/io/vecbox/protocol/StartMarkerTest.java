package io.vecbox.protocol;

import static io.vecbox.protocol.TestMessages.MAX_FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartMarkerTest {
    private static final byte[] MARKER = {(byte) 0xfe, 'v', 'e', 'c', 'b', 'o', 'x', (byte) 0xff};

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A stream that hands out one byte per read, behind a buffer with mark support, as the supervisor reads a pipe. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        return new BufferedInputStream(new TestMessages.OneByteInputStream(bytes), 1);
    }

    @Test
    void writtenMarkerIsTheDocumentedEightBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StartMarker.write(out);
        assertThat(out.toByteArray()).containsExactly(MARKER);
    }

    @Test
    void textBeforeTheMarkerIsHandedOverByLineAndTheFramesAfterItRead() throws IOException {
        byte[] text = ascii("[0.471s][info][jfr,startup] Started recording 1.\r\n\n[0.471s][info][jfr,startup] Use jcmd"
                + " 3363 JFR.dump name=1 to copy recording data to file.\nno newline \u00e9");
        byte[] wire = concat(text, MARKER, TestMessages.encodeFrames(List.of(new Ping(1L), new Ping(2L))));
        List<String> lines = new ArrayList<>();
        InputStream in = oneByteAtATime(wire);
        assertThat(StartMarker.skip(in, StartMarker.MAX_TEXT_BYTES, lines::add)).isEqualTo(StartMarker.Outcome.MARKER);
        assertThat(lines).containsExactly("[0.471s][info][jfr,startup] Started recording 1.",
                "[0.471s][info][jfr,startup] Use jcmd 3363 JFR.dump name=1 to copy recording data to file.",
                "no newline \u00e9");
        MessageReader reader = new MessageReader(in, MAX_FRAME);
        assertThat(reader.read()).isEqualTo(new Ping(1L));
        assertThat(reader.read()).isEqualTo(new Ping(2L));
        assertThat(reader.read()).isNull();
    }

    @Test
    void markerFirstHandsOverNothing() throws IOException {
        List<String> lines = new ArrayList<>();
        InputStream in = oneByteAtATime(concat(MARKER, TestMessages.encodeFrames(List.of(new Ping(3L)))));
        assertThat(StartMarker.skip(in, StartMarker.MAX_TEXT_BYTES, lines::add)).isEqualTo(StartMarker.Outcome.MARKER);
        assertThat(lines).isEmpty();
        assertThat(new MessageReader(in, MAX_FRAME).read()).isEqualTo(new Ping(3L));
    }

    @Test
    void aPartialMarkerInTheTextIsText() throws IOException {
        byte[] partial = {(byte) 0xfe, 'v', 'e', 'c', (byte) 0xfe, 'v', 'x'};
        List<String> lines = new ArrayList<>();
        InputStream in = oneByteAtATime(concat(partial, MARKER, TestMessages.encodeFrames(List.of(new Ping(4L)))));
        assertThat(StartMarker.skip(in, StartMarker.MAX_TEXT_BYTES, lines::add)).isEqualTo(StartMarker.Outcome.MARKER);
        assertThat(lines).containsExactly("\ufffdvec\ufffdvx"); // 0xfe is not UTF-8
        assertThat(new MessageReader(in, MAX_FRAME).read()).isEqualTo(new Ping(4L));
    }

    @Test
    void aStreamThatStartsWithAFrameHasNoMarkerAndStaysAtTheFrame() throws IOException {
        List<String> lines = new ArrayList<>();
        InputStream in = oneByteAtATime(TestMessages.encodeFrames(List.of(new Ping(5L))));
        assertThat(StartMarker.skip(in, StartMarker.MAX_TEXT_BYTES, lines::add))
                .isEqualTo(StartMarker.Outcome.NO_MARKER);
        assertThat(lines).isEmpty();
        assertThat(new MessageReader(in, MAX_FRAME).read()).isEqualTo(new Ping(5L));
    }

    @Test
    void endOfStreamBeforeTheMarkerHandsOverTheTextAndSaysSo() throws IOException {
        List<String> lines = new ArrayList<>();
        assertThat(StartMarker.skip(oneByteAtATime(ascii("Error: Could not create the Java Virtual Machine.\nlast\u00fe")),
                StartMarker.MAX_TEXT_BYTES, lines::add)).isEqualTo(StartMarker.Outcome.END);
        assertThat(lines).containsExactly("Error: Could not create the Java Virtual Machine.", "last\u00fe");
        assertThat(StartMarker.skip(oneByteAtATime(new byte[0]), 10, lines::add)).isEqualTo(StartMarker.Outcome.END);
    }

    @Test
    void moreTextThanTheBoundIsAViolation() throws IOException {
        byte[] text = ascii("x".repeat(99) + "\n");
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> StartMarker.skip(oneByteAtATime(concat(text, text, MARKER)), 150, lines::add))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("more than 150 bytes");
        assertThat(lines).hasSize(2);
        List<String> fits = new ArrayList<>();
        assertThat(StartMarker.skip(oneByteAtATime(concat(text, text, MARKER)), 200, fits::add))
                .isEqualTo(StartMarker.Outcome.MARKER);
    }
}
