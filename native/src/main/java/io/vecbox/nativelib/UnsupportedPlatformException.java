package io.vecbox.nativelib;

/**
 * Thrown when no bundled sqlite-vec binary fits the running OS, CPU and C library (musl libc,
 * e.g. Alpine Linux, has no official sqlite-vec build). The message tells the user how to supply
 * their own build instead.
 */
public final class UnsupportedPlatformException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reason given on musl libc. */
    static final String MUSL_REASON = "the JVM runs on musl libc (Alpine Linux or another musl-based system), and "
            + "sqlite-vec publishes no official build for musl; the bundled Linux binaries need glibc";

    private final String osName;
    private final String osArch;

    /**
     * Creates the exception.
     *
     * @param osName the {@code os.name} that was not supported
     * @param osArch the {@code os.arch} that was not supported
     * @param reason why, e.g. {@code "no sqlite-vec binary is bundled"}
     */
    public UnsupportedPlatformException(String osName, String osArch, String reason) {
        super("unsupported platform os.name=" + osName + ", os.arch=" + osArch + ": " + reason
                + "; build sqlite-vec " + SqliteVec.VERSION + " yourself and set -D" + SqliteVec.OVERRIDE_PROPERTY
                + "=/path/to/vec0.so (or the environment variable " + SqliteVec.OVERRIDE_ENV + ")");
        this.osName = osName;
        this.osArch = osArch;
    }

    /**
     * Returns the unsupported OS name.
     *
     * @return the {@code os.name} value
     */
    public String osName() {
        return osName;
    }

    /**
     * Returns the unsupported architecture.
     *
     * @return the {@code os.arch} value
     */
    public String osArch() {
        return osArch;
    }
}
