package io.vecbox.cli;

import picocli.CommandLine.Option;

/**
 * The shell-session options of the commands that run a {@code vecbox shell} session on a pool of
 * their own ({@code replicate}, {@code replica}). The shell declares its own: its {@code --bail}
 * help says more about scripts.
 */
final class SessionOptions {
    @Option(names = "--mode", paramLabel = "table|csv|json", defaultValue = "table",
            description = "Initial output format (default: ${DEFAULT-VALUE}).")
    OutputFormat mode;

    @Option(names = "--bail", description = "Stop a script at its first failed statement, with exit code 1.")
    boolean bail;

    /**
     * @param options the command's query pool options
     * @return a shell whose {@link ShellCommand#session} runs with these options
     */
    ShellCommand shell(QueryPoolOptions options) {
        ShellCommand shell = new ShellCommand();
        shell.options = options;
        shell.mode = mode;
        shell.bail = bail;
        return shell;
    }
}
