package io.vecbox.nativelib;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An operating system and CPU architecture pair for which the jar bundles a sqlite-vec binary.
 *
 * <p>The Linux binaries are the official sqlite-vec builds, linked against glibc. There is no
 * official build for musl libc (Alpine Linux): {@link #current()} refuses musl with an
 * {@link UnsupportedPlatformException} that names the override
 * ({@value SqliteVec#OVERRIDE_PROPERTY} / {@value SqliteVec#OVERRIDE_ENV}).
 *
 * <p>Immutable and thread-safe.
 */
public enum Platform {
    /** Linux on x86-64 (glibc). */
    LINUX_X64("linux-x64", "vec0.so"),
    /** Linux on AArch64 (glibc). */
    LINUX_ARM64("linux-arm64", "vec0.so"),
    /** macOS on Intel. */
    DARWIN_X64("darwin-x64", "vec0.dylib"),
    /** macOS on Apple silicon. */
    DARWIN_ARM64("darwin-arm64", "vec0.dylib"),
    /** Windows on x86-64. */
    WINDOWS_X64("windows-x64", "vec0.dll");

    private static final String RESOURCE_PREFIX = "io/vecbox/nativelib/";

    private final String id;
    private final String libraryFileName;

    Platform(String id, String libraryFileName) {
        this.id = id;
        this.libraryFileName = libraryFileName;
    }

    /**
     * Returns the platform id as used by the sqlite-vec npm packages and the resource layout.
     *
     * @return e.g. {@code "linux-x64"}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the file name of the extension. It must not be changed on extraction: SQLite derives
     * the entry point ({@code sqlite3_vec_init}) from the file name.
     *
     * @return {@code vec0.so}, {@code vec0.dylib} or {@code vec0.dll}
     */
    public String libraryFileName() {
        return libraryFileName;
    }

    /**
     * Returns the class-loader resource name of the bundled binary (no leading slash).
     *
     * @return e.g. {@code "io/vecbox/nativelib/linux-x64/vec0.so"}
     */
    public String resourcePath() {
        return RESOURCE_PREFIX + id + "/" + libraryFileName;
    }

    /**
     * Detects the platform of the running JVM from the {@code os.name} and {@code os.arch}
     * system properties and, on Linux, its C library ({@link Libc#isMusl()}).
     *
     * @return the current platform
     * @throws UnsupportedPlatformException if no sqlite-vec binary is bundled for this OS and CPU,
     *     or the JVM runs on musl libc, for which sqlite-vec publishes no official build
     */
    public static Platform current() {
        return resolve(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), Libc::isMusl);
    }

    /**
     * Like {@link #current()} for any {@code os.name}/{@code os.arch} and libc probe, which is asked
     * only for Linux.
     *
     * @throws UnsupportedPlatformException as {@link #current()} does
     */
    static Platform resolve(String osName, String osArch, BooleanSupplier musl) {
        Platform platform = detect(osName, osArch)
                .orElseThrow(() -> new UnsupportedPlatformException(osName, osArch, "no sqlite-vec binary is bundled"));
        if (platform.id.startsWith("linux-") && musl.getAsBoolean()) {
            throw new UnsupportedPlatformException(osName, osArch, UnsupportedPlatformException.MUSL_REASON);
        }
        return platform;
    }

    /**
     * Maps {@code os.name} / {@code os.arch} values to a platform. Pure: reads no system state, so
     * it cannot tell glibc from musl (see {@link #current()}).
     *
     * <p>Accepted OS names (case-insensitive): {@code Linux*}, {@code Mac OS X}, {@code macOS},
     * {@code Darwin}, {@code Windows*}. Accepted architectures: {@code amd64}, {@code x86_64},
     * {@code x86-64}, {@code x64} for x64 and {@code aarch64}, {@code arm64} for arm64.
     *
     * @param osName value of {@code os.name}; {@code null} is treated as unknown
     * @param osArch value of {@code os.arch}; {@code null} is treated as unknown
     * @return the platform, or empty if sqlite-vec ships no binary for it (e.g. Windows on ARM,
     *     32-bit JVMs, FreeBSD)
     */
    public static Optional<Platform> detect(String osName, String osArch) {
        String os = normalizeOs(osName);
        String arch = normalizeArch(osArch);
        if (os == null || arch == null) {
            return Optional.empty();
        }
        String id = os + "-" + arch;
        for (Platform platform : values()) {
            if (platform.id.equals(id)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }

    private static String normalizeOs(String osName) {
        if (osName == null) {
            return null;
        }
        String os = osName.trim().toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac") || os.startsWith("darwin") || os.contains("os x")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return null;
    }

    private static String normalizeArch(String osArch) {
        if (osArch == null) {
            return null;
        }
        switch (osArch.trim().toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
            case "x86-64":
            case "x64":
                return "x64";
            case "aarch64":
            case "arm64":
                return "arm64";
            default:
                return null;
        }
    }
}
