package io.vecbox.litestream;

/**
 * Thrown when no bundled Litestream binary fits the running OS and CPU and no override names one.
 * The message names the platform and the override: a system property
 * ({@value LitestreamBinary#OVERRIDE_PROPERTY}) or environment variable
 * ({@value LitestreamBinary#OVERRIDE_ENV}) pointing at a Litestream {@value LitestreamBinary#VERSION}
 * binary of your own, or {@link ReplicatorBuilder#binary(java.nio.file.Path)}.
 */
public final class LitestreamPlatformException extends LitestreamException {
    private static final long serialVersionUID = 1L;

    private final String osName;
    private final String osArch;

    /**
     * @param osName the {@code os.name} that is not supported
     * @param osArch the {@code os.arch} that is not supported
     */
    public LitestreamPlatformException(String osName, String osArch) {
        super("unsupported platform os.name=" + osName + ", os.arch=" + osArch + ": vecbox bundles Litestream "
                + LitestreamBinary.VERSION + " for " + String.join(", ", LitestreamBinary.BUNDLED_PLATFORMS)
                + " only; install Litestream " + LitestreamBinary.VERSION + " for this platform and set -D"
                + LitestreamBinary.OVERRIDE_PROPERTY + "=/path/to/litestream (or the environment variable "
                + LitestreamBinary.OVERRIDE_ENV + "), or pass it to ReplicatorBuilder.binary(...)");
        this.osName = osName;
        this.osArch = osArch;
    }

    /** @return the unsupported {@code os.name} */
    public String osName() {
        return osName;
    }

    /** @return the unsupported {@code os.arch} */
    public String osArch() {
        return osArch;
    }
}
