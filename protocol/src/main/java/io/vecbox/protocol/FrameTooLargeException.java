package io.vecbox.protocol;

/**
 * A frame is larger than the agreed maximum. When thrown by a {@link FrameWriter}, nothing was
 * written and the stream is still usable; when thrown by a {@link FrameReader}, the stream is
 * not (the payload was never read), and the peer must be dropped.
 */
public final class FrameTooLargeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final int maxFrameBytes;

    /**
     * @param length the frame's length in bytes
     * @param maxFrameBytes the limit it passed
     * @param what "outgoing" or "incoming", for the message
     */
    public FrameTooLargeException(long length, int maxFrameBytes, String what) {
        super(what + " frame of " + length + " bytes exceeds maxFrameBytes=" + maxFrameBytes);
        this.length = length;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** @return the frame's length in bytes */
    public long length() {
        return length;
    }

    /** @return the limit in force */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
