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

    /**
     * @param length the announced length
     * @param maxFrameBytes the limit it passed
     * @param what "incoming" or "outgoing", for the message
     * @param header the four length bytes as read, shown in the message: an absurd length is
     *     usually text that is not a frame at all (e.g. {@code "#\n# "} starts a JVM crash banner)
     */
    public FrameTooLargeException(long length, int maxFrameBytes, String what, byte[] header) {
        super(what + " frame of " + length + " bytes exceeds maxFrameBytes=" + maxFrameBytes
                + " (header bytes " + printable(header) + (isText(header) ? ": text, not a frame)" : ")"));
        this.length = length;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** @return whether the four bytes are printable ASCII or line breaks: text someone printed on the stream */
    private static boolean isText(byte[] header) {
        if (header.length < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            int b = header[i] & 0xff;
            if ((b < 0x20 || b >= 0x7f) && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String printable(byte[] header) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < 4 && i < header.length; i++) {
            int b = header[i] & 0xff;
            if (b == '\n') {
                sb.append("\\n");
            } else if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.append('"').toString();
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
