package io.vecbox.protocol;

/** Constants both sides agree on. */
public final class Protocol {
    /**
     * The protocol version a worker announces in {@link Hello}. The supervisor refuses a worker
     * whose version differs; bump it for any change an old peer would misread (new optional
     * fields do not need a bump: unknown fields are ignored).
     */
    public static final int VERSION = 2;

    /** Default {@code configure.cursorIdleMillis}: a cursor not fetched for a minute is closed. */
    public static final long DEFAULT_CURSOR_IDLE_MILLIS = 60_000L;

    /** Default largest frame payload: 64 MiB. Results are capped well below it by {@code maxResultBytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    /**
     * Buffers that grew past this for one large frame are let go once it is handled, and start
     * small again: a connection that returned a few 40 MB results must not keep 100 MB for as long
     * as it lives. Smaller buffers are kept and reused. 1 MiB.
     */
    static final int KEEP_BUFFER_BYTES = 1024 * 1024;

    private Protocol() {
    }
}
