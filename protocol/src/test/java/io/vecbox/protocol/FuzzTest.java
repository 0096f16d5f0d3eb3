package io.vecbox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mutates valid frames of every message type and decodes them through {@link MessageReader}.
 * Every case must decode, end cleanly, or fail with {@link ProtocolException} or
 * {@link EOFException}; anything else fails with the seed and case index. Reproduce one case
 * with {@code -Dvecbox.fuzz.seed=S -Dvecbox.fuzz.cases=N} (cases run in order from the seed).
 */
class FuzzTest {
    private static final long SEED = Long.getLong("vecbox.fuzz.seed", 0x7ec_b0c5L);
    private static final int CASES = Integer.getInteger("vecbox.fuzz.cases", 20_000);
    private static final int MAX_FRAME = 64 * 1024;
    private static final byte[] INTERESTING = {
        (byte) 0x00, (byte) 0x7f, (byte) 0x80, (byte) 0x8f, (byte) 0x90, (byte) 0x9f, (byte) 0xa0, (byte) 0xbf,
        (byte) 0xc0, (byte) 0xc1, (byte) 0xc2, (byte) 0xc3, (byte) 0xc4, (byte) 0xc5, (byte) 0xc6, (byte) 0xc7,
        (byte) 0xca, (byte) 0xcb, (byte) 0xcf, (byte) 0xd3, (byte) 0xd4, (byte) 0xd9, (byte) 0xda, (byte) 0xdb,
        (byte) 0xdc, (byte) 0xdd, (byte) 0xde, (byte) 0xdf, (byte) 0xe0, (byte) 0xff};

    private final List<byte[]> payloads = new ArrayList<>();

    FuzzTest() {
        for (Message m : TestMessages.all()) {
            payloads.add(TestMessages.payload(m));
        }
    }

    /**
     * @param streamAbove frames longer than this are decoded while read from the stream:
     *     {@value #MAX_FRAME} reads every frame whole first, 0 decodes every frame from the stream
     */
    @ParameterizedTest(name = "frames decoded from the stream above {0} bytes, execute-many rows later: {1}")
    @CsvSource({MAX_FRAME + ", false", "0, false", MAX_FRAME + ", true", "0, true"})
    void mutatedFramesFailOnlyWithProtocolOrEofExceptions(int streamAbove, boolean rowsLater) {
        Random random = new Random(SEED);
        int[] outcomes = new int[4]; // decoded, clean end, ProtocolException, EOFException
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(random);
            try {
                outcomes[run(input, streamAbove, rowsLater)]++;
            } catch (Throwable t) {
                fail(String.format("fuzz case %d (seed 0x%x) threw %s on input %s", i, SEED, t,
                        HexFormat.of().formatHex(input, 0, Math.min(input.length, 512))), t);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("FuzzTest (stream above %d, rows later %b): %d cases, seed 0x%x, %d ms: decoded=%d end=%d"
                + " protocol=%d eof=%d%n", streamAbove, rowsLater, CASES, SEED, millis, outcomes[0], outcomes[1], outcomes[2], outcomes[3]);
        // The mutations must reach every outcome, or the fuzzer is not exercising the decoder.
        // (A clean end with no frame at all is rare: only a stream cut to nothing.)
        assertThat(outcomes[0]).as("decoded, seed 0x%x", SEED).isGreaterThan(CASES / 100);
        assertThat(outcomes[2]).as("ProtocolException, seed 0x%x", SEED).isGreaterThan(CASES / 100);
        assertThat(outcomes[3]).as("EOFException, seed 0x%x", SEED).isGreaterThan(CASES / 100);
    }

    /**
     * Decodes every frame; returns the outcome of the last read.
     *
     * @param rowsLater read with {@link MessageReader#readRowsLater}, taking an execute-many's rows after it
     */
    private static int run(byte[] input, int streamAbove, boolean rowsLater) throws Exception {
        MessageReader reader = new MessageReader(new ByteArrayInputStream(input), MAX_FRAME, streamAbove);
        try {
            for (int frames = 0; frames < 64; frames++) {
                Message m = rowsLater ? reader.readRowsLater() : reader.read();
                if (m == null) {
                    return frames == 0 ? 1 : 0;
                }
                RowStream rows = reader.pendingRows();
                if (rows != null) {
                    m = rows.collect();
                }
                // Whatever decodes must encode again and decode to the same message.
                byte[] again = TestMessages.payload(m);
                TestMessages.assertSameMessage(new MessageDecoder().decode(again, 0, again.length), m);
            }
            return 0;
        } catch (ProtocolException e) {
            return 2;
        } catch (EOFException e) {
            return 3;
        }
    }

    private byte[] pick(Random r) {
        return payloads.get(r.nextInt(payloads.size()));
    }

    private byte[] mutate(Random r) {
        byte[] p = pick(r).clone();
        boolean refitLength = r.nextInt(4) != 0; // mostly keep the length right so the decoder sees it
        int kind = r.nextInt(9);
        switch (kind) {
            case 0 -> { // bit flips
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    int at = r.nextInt(p.length);
                    p[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // byte replacement, often by a msgpack format byte
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    p[r.nextInt(p.length)] = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)]
                            : (byte) r.nextInt(256);
                }
            }
            case 2 -> { // insertion
                int at = r.nextInt(p.length + 1);
                byte[] ins = new byte[1 + r.nextInt(8)];
                for (int k = 0; k < ins.length; k++) {
                    ins[k] = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
                }
                p = splice(p, at, at, ins);
            }
            case 3 -> { // deletion
                int at = r.nextInt(p.length);
                int len = 1 + r.nextInt(Math.min(16, p.length - at));
                p = splice(p, at, at + len, new byte[0]);
            }
            case 4 -> { // truncated payload
                p = Arrays.copyOf(p, r.nextInt(p.length));
            }
            case 5 -> { // splice two payloads
                byte[] q = pick(r);
                p = splice(Arrays.copyOf(p, r.nextInt(p.length + 1)), Integer.MAX_VALUE, 0,
                        Arrays.copyOfRange(q, r.nextInt(q.length + 1), q.length));
            }
            case 6 -> { // replace a 4-byte region with a big-endian length (msgpack lengths are big-endian too)
                if (p.length >= 5) {
                    int at = r.nextInt(p.length - 4);
                    int v = r.nextBoolean() ? -1 - r.nextInt(16) : r.nextInt(1 << (1 + r.nextInt(30)));
                    p[at] = (byte) (v >>> 24);
                    p[at + 1] = (byte) (v >>> 16);
                    p[at + 2] = (byte) (v >>> 8);
                    p[at + 3] = (byte) v;
                }
            }
            default -> { // valid payload, the frame is mutated below
            }
        }
        byte[] frame = TestMessages.frame(p);
        if (!refitLength || kind >= 7) {
            mutateLength(r, frame, p.length);
        }
        return wholeStream(r, frame);
    }

    private static void mutateLength(Random r, byte[] frame, int realLength) {
        long len = switch (r.nextInt(6)) {
            case 0 -> realLength + 1 + r.nextInt(16);       // longer than the bytes that follow
            case 1 -> Math.max(0, realLength - 1 - r.nextInt(16)); // shorter: the rest is read as a frame
            case 2 -> 0;
            case 3 -> MAX_FRAME + 1 + r.nextInt(1000);      // just over the limit
            case 4 -> 0xFFFFFFFFL - r.nextInt(16);          // huge
            default -> r.nextInt() & 0xFFFFFFFFL;            // anything
        };
        frame[0] = (byte) (len >>> 24);
        frame[1] = (byte) (len >>> 16);
        frame[2] = (byte) (len >>> 8);
        frame[3] = (byte) len;
    }

    /** Puts the frame between valid frames, sometimes cut short at the end. */
    private byte[] wholeStream(Random r, byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = r.nextInt(3); n > 0; n--) {
            out.writeBytes(TestMessages.frame(pick(r)));
        }
        out.writeBytes(frame);
        if (r.nextBoolean()) {
            out.writeBytes(TestMessages.frame(pick(r)));
        }
        byte[] all = out.toByteArray();
        return r.nextInt(8) == 0 ? Arrays.copyOf(all, r.nextInt(all.length + 1)) : all;
    }

    private static byte[] splice(byte[] a, int from, int to, byte[] insert) {
        from = Math.min(from, a.length);
        to = Math.max(to, from);
        byte[] out = new byte[a.length - (to - from) + insert.length];
        System.arraycopy(a, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(a, to, out, from + insert.length, a.length - to);
        return out;
    }
}
