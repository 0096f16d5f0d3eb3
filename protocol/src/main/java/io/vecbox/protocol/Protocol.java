package io.vecbox.protocol;

/** Constants both sides agree on. */
public final class Protocol {
    /**
     * The protocol version a worker announces in {@link Hello}. The supervisor refuses a worker
     * whose version differs; bump it for any change an old peer would misread (new optional
     * fields do not need a bump: unknown fields are ignored). Version 3 added the
     * {@link StartMarker} before the worker's first frame.
     */
    public static final int VERSION = 3;

    /** Default {@code configure.cursorIdleMillis}: a cursor not fetched for a minute is closed. */
    public static final long DEFAULT_CURSOR_IDLE_MILLIS = 60_000L;

    /**
     * Default {@code configure.knnCacheBytes}: 64 MiB of vec0 chunk storage kept by a reader for its
     * KNN fast path (a quarter of the default 256 MB worker heap, the most a worker uses anyway).
     */
    public static final long DEFAULT_KNN_CACHE_BYTES = 64L * 1024 * 1024;

    /** Default largest frame payload: 64 MiB. Results are capped well below it by {@code maxResultBytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    /**
     * Buffers that grew past this for one large frame are let go once it is handled, and start
     * small again: a connection that returned a few 40 MB results must not keep 100 MB for as long
     * as it lives. Smaller buffers are kept and reused. 1 MiB.
     */
    static final int KEEP_BUFFER_BYTES = 1024 * 1024;

    /**
     * What a worker's writer keeps of the buffer it encoded a large answer into, for the next
     * one: 32 MiB (the default {@code maxResultBytes} is 16 MiB, its largest 48 MiB). A worker
     * that answers one large result after another then writes each into the same array instead
     * of allocating (and zeroing, and collecting) a new one; with a 256 MB heap and a result's
     * rows alive while it is encoded, that allocation is what triggers most of the worker's
     * collections. The host's writers keep only {@link #KEEP_BUFFER_BYTES}. See
     * {@link MessageWriter#MessageWriter(java.io.OutputStream, int, int)}.
     */
    public static final int WORKER_REUSED_BUFFER_BYTES = 32 * 1024 * 1024;

    private Protocol() {
    }
}
