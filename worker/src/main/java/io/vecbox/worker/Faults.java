package io.vecbox.worker;

import io.vecbox.protocol.MessageWriter;
import io.vecbox.protocol.Part;
import io.vecbox.protocol.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * Fault injection for tests, so the supervisor's tests can make a real worker really crash,
 * hang or misbehave. Reachable as the SQL function {@code vecbox_fault(kind[, arg[, onceFile]])}
 * (with {@code onceFile}, the fault fires only if that file does not exist yet, and creates it:
 * a fault that hits the first attempt of a request but not its retry):
 *
 * <ul>
 *   <li>{@code segfault} — an invalid native write through {@code sun.misc.Unsafe}: the JVM
 *       dies of SIGSEGV, writes its crash log and aborts;</li>
 *   <li>{@code halt} — {@code Runtime.halt(arg)};</li>
 *   <li>{@code spin} — a busy loop for {@code arg} ms (forever if absent) that ignores SQLite
 *       interrupts, like native code that never returns to SQLite's VM;</li>
 *   <li>{@code oom} — allocate until {@link OutOfMemoryError};</li>
 *   <li>{@code garbage} — write bytes that are not a frame to stdout;</li>
 *   <li>{@code stdout} — {@code System.out.println}, which must land on stderr;</li>
 *   <li>{@code stderr} — write {@code arg} lines to stderr, then return 1;</li>
 *   <li>{@code stderr-flood} — write one stderr line of {@code arg} bytes (after a short prefix
 *       holding {@code WARN}, so the host logs it at INFO), in chunks, then return {@code arg}.</li>
 * </ul>
 *
 * <p>Without {@code -Dvecbox.testFaults=true} the function still exists, so that a test can
 * see a clear refusal ({@code FAULT_REFUSED}) instead of "no such function"; it never does
 * anything else.
 */
final class Faults {
    private static final ThreadLocal<RefusedException> REFUSAL = new ThreadLocal<>();

    private Faults() {
    }

    /** A fault was requested from a worker not started with the test flag. */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    static RefusedException takeRefusal() {
        RefusedException r = REFUSAL.get();
        REFUSAL.remove();
        return r;
    }

    static void register(SQLiteConnection conn, boolean enabled, OutputStream frames) throws SQLException {
        Function.create(conn, "vecbox_fault", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                if (!enabled) {
                    // Reads no argument: untrusted SQL reaches this, with arguments of any size.
                    RefusedException refused = new RefusedException("fault injection refused: vecbox_fault() needs"
                            + " a worker started with -Dvecbox.testFaults=true");
                    REFUSAL.set(refused);
                    throw new SQLException(refused.getMessage());
                }
                String kind = args() > 0 ? value_text(0) : "";
                long arg = args() > 1 ? value_long(1) : -1;
                String onceFile = args() > 2 ? value_text(2) : null;
                if (onceFile != null && !firstTime(onceFile)) {
                    result(0L);
                    return;
                }
                result(inject(kind, arg, frames));
            }
        });
    }

    /** Creates the marker file; false if it already existed (the fault already fired once). */
    private static boolean firstTime(String marker) throws SQLException {
        try {
            java.nio.file.Files.createFile(java.nio.file.Path.of(marker));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new SQLException("cannot create fault marker " + marker + ": " + e);
        }
    }

    static long inject(String kind, long arg, OutputStream frames) throws SQLException {
        StderrLog.warn("test fault: " + kind + (arg >= 0 ? " " + arg : ""));
        switch (kind) {
            case "segfault":
                segfault();
                return 0;
            case "halt":
                System.err.flush();
                Runtime.getRuntime().halt((int) Math.max(arg, 0));
                return 0;
            case "spin":
                return spin(arg);
            case "oom":
                return allocateForever();
            case "garbage":
                writeGarbage(frames);
                return 1;
            case "stray-part":
                writeStrayPart(frames, arg);
                return 1;
            case "stdout":
                // Proves System.out cannot reach the frame stream: this goes to stderr.
                System.out.println("test fault: a stray println on System.out");
                return 1;
            case "stderr":
                for (long i = 0; i < Math.max(arg, 1); i++) {
                    System.err.println("test stderr line " + i);
                }
                return 1;
            case "stderr-flood":
                return floodStderr(Math.max(arg, 0));
            default:
                throw new SQLException("unknown fault kind '" + kind + "': segfault, halt, spin, oom, garbage, stray-part, stdout, "
                        + "stderr, stderr-flood");
        }
    }

    /** Start-up faults, from the {@code vecbox.testFaultAtStart} property. */
    static void atStart(String fault, OutputStream frames) {
        StderrLog.warn("test fault at start: " + fault);
        if (fault.startsWith("exit:")) {
            System.err.println("vecbox test fault: exiting during start-up");
            System.err.flush();
            Runtime.getRuntime().halt(Integer.parseInt(fault.substring(5)));
        } else if (fault.startsWith("exit-if-exists:")) {
            if (java.nio.file.Files.exists(java.nio.file.Path.of(fault.substring("exit-if-exists:".length())))) {
                System.err.println("vecbox test fault: flag file present, exiting during start-up");
                System.err.flush();
                Runtime.getRuntime().halt(3);
            }
        } else if (fault.equals("garbage")) {
            writeGarbage(frames);
        } else if (fault.equals("hang")) {
            spin(-1);
        } else {
            StderrLog.warn("unknown start-up fault '" + fault + "': exit:N, exit-if-exists:PATH, garbage, hang");
        }
    }

    private static void segfault() {
        try {
            Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            f.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
            System.err.flush();
            unsafe.putAddress(0L, 42L);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach sun.misc.Unsafe", e);
        }
    }

    @SuppressWarnings("checkstyle:EmptyBlock")
    private static long spin(long millis) {
        long end = millis < 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
        long n = 0;
        while (millis < 0 || System.nanoTime() - end < 0) {
            n++;
        }
        return n;
    }

    /** One line of {@code bytes} bytes, written in chunks: the worker never holds it whole. */
    private static long floodStderr(long bytes) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        synchronized (System.err) {
            System.err.print("test stderr flood WARN ");
            for (long left = bytes; left > 0; left -= chunk.length) {
                System.err.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
            System.err.println();
            System.err.flush();
        }
        return bytes;
    }

    private static long allocateForever() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }

    /** A well-formed {@code part} frame for request {@code id}, which the supervisor did not send. */
    private static void writeStrayPart(OutputStream frames, long id) {
        try {
            synchronized (frames) {
                new MessageWriter(frames, Protocol.DEFAULT_MAX_FRAME_BYTES)
                        .write(new Part(id, List.of("x"), List.of(List.of(1L))));
            }
        } catch (IOException e) {
            StderrLog.error("stray part write failed", e);
        }
    }

    private static void writeGarbage(OutputStream frames) {
        try {
            synchronized (frames) {
                frames.write("this is not a frame\n".getBytes(StandardCharsets.US_ASCII));
                frames.flush();
            }
        } catch (IOException e) {
            StderrLog.error("garbage write failed", e);
        }
    }
}
