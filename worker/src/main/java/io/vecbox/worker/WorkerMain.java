package io.vecbox.worker;

import io.vecbox.protocol.StartMarker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Entry point of a vecbox worker process: one SQLite connection, driven by frames on stdin,
 * answering with frames on stdout (see {@code protocol/PROTOCOL.md}).
 *
 * <p>Started by the supervisor, never by hand in production. The real stdout file descriptor
 * is taken for frames and {@code System.out} is pointed at stderr before anything else runs,
 * so a stray {@code println} in any library can never corrupt the frame stream. HotSpot's own
 * messages (e.g. "Terminating due to java.lang.OutOfMemoryError") bypass {@code System.out}
 * and go to file descriptor 1 unless the JVM runs with {@code -XX:+DisplayVMOutputToStderr},
 * which the supervisor always passes. The first bytes the worker writes on stdout are the protocol's
 * start marker ({@link StartMarker}): text the JVM printed there before {@code main} runs (for
 * options such as {@code -XX:StartFlightRecording}) comes before it, and the supervisor skips it.
 *
 * <p>A terminal's SIGINT (Ctrl-C) is ignored and its SIGQUIT only prints a thread dump to stderr
 * (see {@link TerminalSignals}): the worker's life is bound to its stdin and its supervisor.
 *
 * <p>Test hooks, honoured only when the JVM is started with {@value #TEST_FAULTS_PROPERTY}
 * {@code =true}: the SQL function {@code vecbox_fault(kind[, arg[, onceFile]])} (see {@link Faults})
 * and the start-up fault {@value #FAULT_AT_START_PROPERTY} ({@code exit:N},
 * {@code exit-if-exists:PATH}, {@code garbage}, {@code hang}). Without the flag both are refused.
 *
 * <p>Exit codes: 0 after a shutdown request or end of stdin; 1 if configuration failed; 2 on a
 * protocol violation by the supervisor; 3 on {@link OutOfMemoryError}.
 */
public final class WorkerMain {
    /** System property that enables fault injection for tests. */
    public static final String TEST_FAULTS_PROPERTY = "vecbox.testFaults";
    /** System property naming a fault to inject during start-up (test flag required). */
    public static final String FAULT_AT_START_PROPERTY = "vecbox.testFaultAtStart";

    private WorkerMain() {
    }

    /**
     * Runs the worker until stdin ends or a shutdown request arrives, then exits the JVM.
     *
     * @param args ignored; configuration arrives in the first frame
     */
    public static void main(String[] args) {
        OutputStream frames = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        try {
            // Whatever the JVM printed on stdout before main (a flight recording's "Started recording",
            // --show-version) comes before this; the supervisor skips it up to here.
            StartMarker.write(frames);
        } catch (IOException e) {
            Runtime.getRuntime().halt(Worker.EXIT_PROTOCOL); // stdout no longer writable
        }
        TerminalSignals.ignoreInterrupt();
        boolean testFaults = Boolean.getBoolean(TEST_FAULTS_PROPERTY);
        String startFault = System.getProperty(FAULT_AT_START_PROPERTY, "");
        if (!startFault.isEmpty()) {
            if (testFaults) {
                Faults.atStart(startFault, frames);
            } else {
                StderrLog.warn("ignoring " + FAULT_AT_START_PROPERTY + "=" + startFault
                        + ": fault injection needs -D" + TEST_FAULTS_PROPERTY + "=true");
            }
        }
        int status;
        try {
            status = new Worker(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 64 * 1024),
                    frames, testFaults).run();
        } catch (OutOfMemoryError e) {
            Runtime.getRuntime().halt(Worker.EXIT_OOM);
            return;
        }
        Worker.exitSoon(status);
    }
}
