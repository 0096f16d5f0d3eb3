package io.vecbox.litestream;

import java.util.List;

/**
 * A Litestream command that failed, or Litestream that cannot be run at all. Unchecked. When a
 * command ran, {@link #command()}, {@link #exitCode()} and {@link #outputTail()} say what it was,
 * how it ended and the last lines it printed (Litestream logs to stdout and stderr both; they are
 * read together).
 */
public class LitestreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;
    private final int exitCode;
    private final String outputTail;

    /**
     * A failure before or without a command.
     *
     * @param message what went wrong
     */
    public LitestreamException(String message) {
        this(message, null);
    }

    /**
     * A failure before or without a command.
     *
     * @param message what went wrong
     * @param cause the cause, or null
     */
    public LitestreamException(String message, Throwable cause) {
        super(message, cause);
        this.command = List.of();
        this.exitCode = -1;
        this.outputTail = "";
    }

    /**
     * A command that ran and failed.
     *
     * @param message what went wrong
     * @param command the command line
     * @param exitCode its exit code, or -1 if it was killed (at a timeout)
     * @param outputTail the last lines it printed
     */
    public LitestreamException(String message, List<String> command, int exitCode, String outputTail) {
        super(message);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.outputTail = outputTail;
    }

    /** @return the command line that failed; empty if none ran */
    public List<String> command() {
        return command;
    }

    /** @return the exit code; -1 if no command ran or it was killed */
    public int exitCode() {
        return exitCode;
    }

    /** @return the last lines the command printed; empty if none ran */
    public String outputTail() {
        return outputTail;
    }
}
