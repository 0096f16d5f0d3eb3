package io.vecbox.cli;

import picocli.CommandLine.Option;

/**
 * {@code --log-format} and {@code --verbose}, accepted before or after the command name. Mixed
 * into every command; the values land in static fields so they apply wherever they were typed.
 */
final class GlobalOptions {
    private static volatile LogSetup.LogFormat logFormat = LogSetup.LogFormat.text;
    private static volatile boolean verbose;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log lines on stderr as text or one JSON object per line (default: text).")
    void setLogFormat(LogSetup.LogFormat format) {
        logFormat = format;
    }

    @Option(names = {"-v", "--verbose"}, description = "All logs of io.vecbox, TRACE included, and stack traces on errors.")
    void setVerbose(boolean value) {
        verbose = value;
    }

    static LogSetup.LogFormat logFormat() {
        return logFormat;
    }

    static boolean verbose() {
        return verbose;
    }
}
