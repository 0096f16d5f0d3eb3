package io.vecbox.cli;

/**
 * A failure the CLI reports as one line, {@code vecbox: error: <message>}, with an exit code:
 * {@link #USAGE} for bad arguments, {@link #FAILED} for everything that went wrong at run time.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code of a command that ran and failed (query error, malformed input). */
    static final int FAILED = 1;
    /** Exit code of a command that was called wrongly (bad option, parameter or file name). */
    static final int USAGE = 2;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
