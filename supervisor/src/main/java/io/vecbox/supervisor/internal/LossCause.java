package io.vecbox.supervisor.internal;

/** How a worker generation ended; decides how long the pool waits for the exit and how it reports it. */
enum LossCause {
    /** It died or closed its stdout by itself. */
    CRASH,
    /** It broke the protocol and was killed. */
    VIOLATION,
    /** It ignored a deadline and was killed. */
    DEADLINE,
    /** It did not become ready in time and was killed. */
    STARTUP_TIMEOUT,
    /** The pool stopped it. */
    STOPPED,
    /**
     * It started on a database file that a {@link DatabaseSwap} replaced meanwhile; the pool stopped
     * it as it became ready, and its slot starts again at once on the new file. Planned: reported at
     * INFO, never as a crash.
     */
    SUPERSEDED
}
