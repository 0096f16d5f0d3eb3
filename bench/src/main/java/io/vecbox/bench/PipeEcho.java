package io.vecbox.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The floor of every round trip: a child JVM that reads a frame (4-byte big-endian length, then
 * that many bytes) from stdin and writes it back to stdout, one thread, no decoding. A worker
 * cannot answer faster than this over the same pipes; {@link PipeFloor} times it from the host.
 * Exits at EOF on stdin.
 */
public final class PipeEcho {
    private PipeEcho() {
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out),
                1 << 16));
        byte[] buf = new byte[1024];
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return;
            }
            if (length < 0 || length > 64 << 20) {
                throw new IOException("bad frame length " + length);
            }
            if (length > buf.length) {
                buf = new byte[length];
            }
            in.readFully(buf, 0, length);
            out.writeInt(length);
            out.write(buf, 0, length);
            out.flush();
        }
    }
}
