package io.vecbox.supervisor.probe;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The floor for {@link LatencyProbe}: a child JVM that answers each length-prefixed frame on stdin
 * with the same frame on stdout. Mode {@code direct} echoes on the reading thread; mode
 * {@code handoff} hands each frame to a second thread through a blocking queue first, as a worker
 * with a separate control thread does, to price one thread hand-off.
 */
public final class EchoChild {
    private EchoChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean handoff = args.length > 0 && args[0].equals("handoff");
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in),
                64 * 1024));
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        if (handoff) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        write(out, queue.take());
                    }
                } catch (InterruptedException | IOException e) {
                    System.exit(0);
                }
            });
            t.setDaemon(true);
            t.start();
        }
        byte[] buf = new byte[1 << 16];
        while (true) {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException e) {
                return;
            }
            byte[] frame = len <= buf.length ? buf : new byte[len];
            in.readFully(frame, 0, len);
            if (handoff) {
                byte[] copy = new byte[len];
                System.arraycopy(frame, 0, copy, 0, len);
                queue.add(copy);
            } else {
                writeFrame(out, frame, len);
            }
        }
    }

    private static void write(OutputStream out, byte[] frame) throws IOException {
        writeFrame(out, frame, frame.length);
    }

    private static void writeFrame(OutputStream out, byte[] frame, int len) throws IOException {
        out.write(len >>> 24);
        out.write(len >>> 16);
        out.write(len >>> 8);
        out.write(len);
        out.write(frame, 0, len);
        out.flush();
    }
}
