package io.vecbox.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds how much memory one statement may take, where SQLite cannot. The sqlite-jdbc build
 * ships SQLite with memory statistics off (SQLITE_DEFAULT_MEMSTATUS=0), and SQLite enforces
 * {@code hard_heap_limit} only when they are on: the pragma is accepted and ignored. So the
 * worker watches itself: while a statement runs, a daemon thread samples the process's private
 * resident size every {@value #SAMPLE_MILLIS} ms and subtracts what the Java heap grew by; when the
 * statement's native growth passes the limit, it interrupts the statement (SQLite's interrupt,
 * reported as SQLITE_NOMEM). The statement thread never wakes the sampler for a statement: while
 * statements keep coming the sampler ticks every {@value #SAMPLE_MILLIS} ms by itself, and only after
 * {@value #QUIET_TICKS} quiet ticks does it doze ({@value #DOZE_MILLIS} ms at a time, re-reading the
 * idle resident size), so that only the first statement after a quiet spell pays one wake-up. A statement that keeps growing to twice the limit anyway is in
 * native code that never checks for interrupts: the worker exits, as on OutOfMemoryError, and the
 * pool restarts it.
 *
 * <p>Private resident size is resident minus shared ({@code /proc/self/statm}, fields 2 and 3):
 * the shared field counts file-backed pages (and shared memory), so the pages of the database file
 * a reader maps ({@code mmap_size}) are left out. Without that, a scan through the mapping of a
 * file larger than the limit would be stopped as if it had allocated the file; those pages are the
 * kernel's page cache, reclaimable and shared with every other reader of the file. What a
 * statement can really grow (SQLite's heap, sorter and temp storage in memory, malloc arenas) is
 * anonymous memory and still counts.
 *
 * <p>Needs {@code /proc/self/statm} (Linux); elsewhere it logs once and does nothing, and the
 * command prefix ({@code prlimit --as}, a container limit) is the bound.
 */
final class MemoryGuard {
    static final int SAMPLE_MILLIS = 5;
    /** Ticks without a statement after which the sampler dozes. */
    static final int QUIET_TICKS = 20;
    static final int DOZE_MILLIS = 100;
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE_BYTES = 4096;
    private static final ByteBuffer STATM_BUFFER = ByteBuffer.allocate(128);
    private static FileChannel statm;

    private final long limitBytes;
    private final SqlSession session;
    private volatile boolean watching;
    /** Statements begun so far: the sampler tells activity from quiet by it. Statement thread writes. */
    private volatile long begun;
    /** Set while the sampler dozes: the next {@link #begin()} wakes it. */
    private volatile boolean dozing;
    private volatile boolean exceeded;
    private volatile long grownBytes;
    private volatile long startRss;
    private volatile long startHeap;
    /** Resident size sampled while idle: the next statement's baseline, so begin() reads no file. */
    private volatile long idleRss;
    private Thread thread;

    MemoryGuard(long limitBytes, SqlSession session) {
        this.limitBytes = limitBytes;
        this.session = session;
    }

    /** @return a guard, or null if there is no limit or this platform cannot measure */
    static MemoryGuard start(long limitBytes, SqlSession session) {
        if (limitBytes <= 0) {
            return null;
        }
        if (privateResidentBytes() < 0) {
            StderrLog.warn("memory guard off: " + STATM + " is not readable on this platform; bound worker memory "
                    + "with the pool's commandPrefix (e.g. prlimit --as) instead");
            return null;
        }
        MemoryGuard g = new MemoryGuard(limitBytes, session);
        g.idleRss = privateResidentBytes();
        g.thread = new Thread(g::run, "vecbox-memory-guard");
        g.thread.setDaemon(true);
        g.thread.start();
        return g;
    }

    /**
     * Statement thread: a statement starts. Cheap: no I/O and, unless the sampler dozes after a
     * quiet spell, no wake-up on the request path.
     */
    void begin() {
        exceeded = false;
        grownBytes = 0;
        startHeap = heapCommitted();
        startRss = idleRss;
        begun = begun + 1; // only this thread writes it
        watching = true;
        if (dozing) { // read after watching is set: the sampler sets dozing, then reads watching
            LockSupport.unpark(thread);
        }
    }

    /** Statement thread: the statement ended. */
    void end() {
        watching = false;
    }

    boolean exceeded() {
        return exceeded;
    }

    long grownBytes() {
        return grownBytes;
    }

    long limitBytes() {
        return limitBytes;
    }

    private void run() {
        long seen = begun;
        int quiet = 0;
        while (true) {
            long now = begun;
            if (watching || now != seen) {
                seen = now;
                quiet = 0;
            } else if (++quiet >= QUIET_TICKS) {
                idleRss = privateResidentBytes();
                dozing = true;
                if (!watching && begun == seen) { // re-read after dozing is set: see begin()
                    LockSupport.parkNanos(DOZE_MILLIS * 1_000_000L);
                }
                dozing = false;
                continue;
            }
            if (!watching) {
                idleRss = privateResidentBytes(); // the next statement's baseline
            }
            LockSupport.parkNanos(SAMPLE_MILLIS * 1_000_000L);
            if (watching) {
                sample();
            }
        }
    }

    /** Compares the running statement's native growth with the limit; interrupts, or exits, past it. */
    private void sample() {
        long rss = privateResidentBytes();
        long heapGrowth = Math.max(0, heapCommitted() - startHeap);
        long grown = rss - startRss - heapGrowth;
        if (watching && grown > limitBytes) {
            grownBytes = grown;
            if (!exceeded) {
                exceeded = true;
                session.interrupt();
            } else if (grown > 2 * limitBytes) {
                StderrLog.warn("statement grew native memory by " + grown / (1 << 20) + " MiB despite an "
                        + "interrupt at the " + limitBytes / (1 << 20) + " MiB limit; exiting");
                System.err.flush();
                Runtime.getRuntime().halt(Worker.EXIT_OOM);
            }
        }
    }

    private static long heapCommitted() {
        return Runtime.getRuntime().totalMemory();
    }

    /**
     * @return the process's resident size minus its shared (file-backed) resident pages, in bytes,
     *     or -1 if it cannot be read; one pread, no allocation
     */
    static long privateResidentBytes() {
        synchronized (STATM_BUFFER) {
            try {
                if (statm == null) {
                    statm = FileChannel.open(STATM, StandardOpenOption.READ);
                }
                STATM_BUFFER.clear();
                int n = statm.read(STATM_BUFFER, 0);
                return n <= 0 ? -1 : privateResidentBytes(STATM_BUFFER, n);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /**
     * @param statm the text of {@code /proc/self/statm}: "size resident shared text lib data dt", in pages
     * @param length its length in bytes
     * @return (resident − shared) pages in bytes, or -1 if the text has fewer than three fields
     */
    static long privateResidentBytes(ByteBuffer statm, int length) {
        int i = skipField(statm, 0, length);
        long resident = 0;
        int start = i;
        for (; i < length && isDigit(statm.get(i)); i++) {
            resident = resident * 10 + (statm.get(i) - '0');
        }
        if (i == start || i >= length) {
            return -1;
        }
        i++;
        long shared = 0;
        start = i;
        for (; i < length && isDigit(statm.get(i)); i++) {
            shared = shared * 10 + (statm.get(i) - '0');
        }
        if (i == start) {
            return -1;
        }
        return Math.max(0, resident - shared) * PAGE_BYTES;
    }

    private static int skipField(ByteBuffer b, int i, int length) {
        while (i < length && b.get(i) != ' ') {
            i++;
        }
        return i + 1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
