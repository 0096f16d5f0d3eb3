package io.vecbox.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {
    private static List<String> lines(InputStream in, int max) throws IOException {
        BoundedLineReader r = new BoundedLineReader(in, max);
        List<String> out = new ArrayList<>();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            out.add(line);
        }
        return out;
    }

    private static List<String> lines(String text, int max) throws IOException {
        return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    /** A stream of {@code n} bytes of 'x', generated as it is read: never held whole. */
    private static InputStream xs(long n, String after) {
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            long done;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (done >= n + tail.length) {
                    return -1;
                }
                if (done < n) {
                    int x = (int) Math.min(len, n - done);
                    java.util.Arrays.fill(b, off, off + x, (byte) 'x');
                    done += x;
                    return x;
                }
                int t = Math.min(len, (int) (n + tail.length - done));
                System.arraycopy(tail, (int) (done - n), b, off, t);
                done += t;
                return t;
            }
        };
    }

    @Test
    void shortLinesComeBackAsTheyAre() throws IOException {
        assertThat(lines("a\nbc\r\n\nlast", 16)).containsExactly("a", "bc", "", "last");
        assertThat(lines("", 16)).isEmpty();
        assertThat(lines("one\n", 16)).containsExactly("one");
        assertThat(lines("a\rb\n", 16)).as("a lone CR stays").containsExactly("a\rb");
    }

    @Test
    void aLongLineKeepsItsHeadAndSaysHowMuchWasDropped() throws IOException {
        assertThat(lines("0123456789\nok\n", 4)).containsExactly("0123 … [truncated 6 bytes]", "ok");
        assertThat(lines("0123\r\n", 4)).as("exactly the limit, CRLF").containsExactly("0123");
        assertThat(lines("01234\r\n", 4)).containsExactly("0123 … [truncated 1 bytes]");
    }

    @Test
    void aLineOfHundredsOfMegabytesCostsAFixedBuffer() throws IOException {
        long huge = 300L * 1024 * 1024;
        List<String> out = lines(xs(huge, "\nnext line\n"), BoundedLineReader.DEFAULT_MAX_LINE_BYTES);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).startsWith("xxxx").endsWith(" … [truncated " + (huge - 8192) + " bytes]");
        assertThat(out.get(0).length()).isLessThan(8192 + 40);
        assertThat(out.get(1)).isEqualTo("next line");
    }

    @Test
    void multiByteCharactersSurviveAndACutOneBecomesAReplacement() throws IOException {
        assertThat(lines("héllo ✓\n", 64)).containsExactly("héllo ✓");
        assertThat(lines("ab✓\n", 3)).containsExactly("ab\uFFFD … [truncated 2 bytes]");
    }

    @Test
    void aLimitBelowOneIsRejected() {
        assertThatThrownBy(() -> new BoundedLineReader(InputStream.nullInputStream(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxLineBytes < 1: 0");
    }
}
