package io.vecbox.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes MessagePack values straight into {@link MessageEncoder}'s buffer: the handful of formats
 * the protocol uses (nil, bool, int, float64, str, bin, array and map headers), each in its shortest
 * form, as msgpack-core's packer writes them. Written by hand rather than through that packer
 * because the packer copies every string and blob through {@code Unsafe.copyMemory}, which a
 * worker's C1-compiled code pays two native calls for (one of them a {@code Class.isArray} check)
 * on every field name, and a small answer is mostly field names. Not thread-safe.
 *
 * <pre>
 * nil c0 · false c2 · true c3 · float64 cb + 8 bytes
 * int: 0..7f fixint · e0..ff negative fixint · cc/cd/ce/cf uint8..64 · d0/d1/d2/d3 int8..64
 * str: a0|n (n &lt; 32) · d9 n8 · da n16 · db n32, then n UTF-8 bytes
 * bin: c4 n8 · c5 n16 · c6 n32, then n bytes
 * array: 90|n (n &lt; 16) · dc n16 · dd n32 · map: 80|n · de n16 · df n32 (all big-endian)
 * </pre>
 */
final class WirePacker {
    private final PackerBuffer out;

    WirePacker(PackerBuffer out) {
        this.out = out;
    }

    WirePacker packNil() {
        byte1(0xc0);
        return this;
    }

    WirePacker packBoolean(boolean b) {
        byte1(b ? 0xc3 : 0xc2);
        return this;
    }

    WirePacker packInt(int v) {
        return packLong(v);
    }

    WirePacker packLong(long v) {
        if (v >= 0) {
            if (v < 0x80) {
                byte1((int) v);
            } else if (v < 0x100) {
                int at = out.claim(2);
                byte[] b = out.array();
                b[at] = (byte) 0xcc;
                b[at + 1] = (byte) v;
            } else if (v < 0x10000) {
                int at = out.claim(3);
                out.array()[at] = (byte) 0xcd;
                bigEndian(at + 1, v, 2);
            } else if (v < 0x1_0000_0000L) {
                int at = out.claim(5);
                out.array()[at] = (byte) 0xce;
                bigEndian(at + 1, v, 4);
            } else {
                int at = out.claim(9);
                out.array()[at] = (byte) 0xcf;
                bigEndian(at + 1, v, 8);
            }
        } else if (v >= -32) {
            byte1((int) v & 0xff);
        } else if (v >= Byte.MIN_VALUE) {
            int at = out.claim(2);
            byte[] b = out.array();
            b[at] = (byte) 0xd0;
            b[at + 1] = (byte) v;
        } else if (v >= Short.MIN_VALUE) {
            int at = out.claim(3);
            out.array()[at] = (byte) 0xd1;
            bigEndian(at + 1, v, 2);
        } else if (v >= Integer.MIN_VALUE) {
            int at = out.claim(5);
            out.array()[at] = (byte) 0xd2;
            bigEndian(at + 1, v, 4);
        } else {
            int at = out.claim(9);
            out.array()[at] = (byte) 0xd3;
            bigEndian(at + 1, v, 8);
        }
        return this;
    }

    WirePacker packDouble(double d) {
        int at = out.claim(9);
        out.array()[at] = (byte) 0xcb;
        bigEndian(at + 1, Double.doubleToRawLongBits(d), 8);
        return this;
    }

    /** Unpaired surrogates become {@code ?}, as {@link String#getBytes} and msgpack-core's packer make them. */
    WirePacker packString(String s) {
        int n = s.length();
        if (n < 32 && isAscii(s, n)) {
            // Field names, message types, column names: no byte array of their own.
            int at = out.claim(1 + n);
            byte[] b = out.array();
            b[at] = (byte) (0xa0 | n);
            for (int i = 0; i < n; i++) {
                b[at + 1 + i] = (byte) s.charAt(i);
            }
            return this;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        header(utf8.length, 0xa0, 32, 0xd9, 0xda, 0xdb);
        return writePayload(utf8);
    }

    WirePacker packArrayHeader(int n) {
        return header(n, 0x90, 16, -1, 0xdc, 0xdd);
    }

    WirePacker packMapHeader(int n) {
        return header(n, 0x80, 16, -1, 0xde, 0xdf);
    }

    WirePacker packBinaryHeader(int n) {
        return header(n, -1, 0, 0xc4, 0xc5, 0xc6);
    }

    WirePacker writePayload(byte[] bytes) {
        int at = out.claim(bytes.length);
        System.arraycopy(bytes, 0, out.array(), at, bytes.length);
        return this;
    }

    /**
     * @param fix the fix format's first byte (or'ed with n), -1 if none
     * @param fixBelow n below which the fix format is used
     * @param f8 the format with a 1-byte length, -1 if none
     */
    private WirePacker header(int n, int fix, int fixBelow, int f8, int f16, int f32) {
        if (n < 0) {
            throw new IllegalArgumentException("negative length: " + n);
        }
        if (fix >= 0 && n < fixBelow) {
            byte1(fix | n);
        } else if (f8 >= 0 && n < 0x100) {
            int at = out.claim(2);
            byte[] b = out.array();
            b[at] = (byte) f8;
            b[at + 1] = (byte) n;
        } else if (n < 0x10000) {
            int at = out.claim(3);
            out.array()[at] = (byte) f16;
            bigEndian(at + 1, n, 2);
        } else {
            int at = out.claim(5);
            out.array()[at] = (byte) f32;
            bigEndian(at + 1, n, 4);
        }
        return this;
    }

    private void byte1(int b) {
        int at = out.claim(1);
        out.array()[at] = (byte) b;
    }

    private void bigEndian(int at, long v, int bytes) {
        byte[] b = out.array();
        for (int i = bytes - 1; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static boolean isAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
