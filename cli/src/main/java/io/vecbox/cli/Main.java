package io.vecbox.cli;

import io.vecbox.supervisor.WorkerPoolException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Entry point of {@code vecbox.jar}: {@code demo}, {@code query}, {@code shell},
 * {@code import}, {@code replicate} and {@code replica}. Errors print one line, {@code vecbox: error: <message>}, and exit 1 (the command
 * ran and failed) or 2 (it was called wrongly); {@code --verbose} adds the stack trace.
 */
@Command(name = "vecbox", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"SQLite + sqlite-vec where every connection lives in its own supervised worker JVM: "
                + "native crashes and runaway SQL never take the host down."},
        footer = {"", "Start with: java -jar vecbox.jar demo"})
public final class Main implements Runnable {
    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * @param args the command line
     * @return the exit code
     */
    static int run(String[] args) {
        return commandLine(args.length > 0 && args[0].equals("query")).execute(args);
    }

    /** @return the command line with every subcommand and its handlers, ready to execute */
    static CommandLine commandLine() {
        return commandLine(false);
    }

    /**
     * @param queryOnly true when the command line starts with {@code query}: then only that
     *     subcommand is built. picocli reads every subcommand's options by reflection up front,
     *     a good part of a one-shot {@code vecbox query}'s host start-up; nothing but the command
     *     named first can run, and its help and errors read the same
     * @return the command line with its handlers, ready to execute
     */
    static CommandLine commandLine(boolean queryOnly) {
        CommandLine cmd = new CommandLine(new Main());
        // Subcommands before the settings below: picocli applies them to the subcommands present.
        if (queryOnly) {
            cmd.addSubcommand(new QueryCommand());
        } else {
            cmd.addSubcommand(new DemoCommand());
            cmd.addSubcommand(new QueryCommand());
            cmd.addSubcommand(new ShellCommand());
            cmd.addSubcommand(new ImportCommand());
            cmd.addSubcommand(new ReplicateCommand());
            cmd.addSubcommand(new ReplicaCommand());
            cmd.addSubcommand(new CommandLine.HelpCommand());
        }
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(parseResult -> {
            LogSetup.configure(GlobalOptions.logFormat(), GlobalOptions.verbose());
            return new CommandLine.RunLast().execute(parseResult);
        });
        cmd.setParameterExceptionHandler((ex, argv) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("vecbox: error: " + ex.getMessage());
            err.println("try: vecbox " + commandPath(ex.getCommandLine()) + "--help");
            err.flush();
            return CliException.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code;
            String message;
            if (ex instanceof CliException c) {
                code = c.exitCode();
                message = c.getMessage();
            } else if (ex instanceof WorkerPoolException) {
                code = CliException.FAILED;
                message = ex.getMessage();
            } else if (ex instanceof IllegalArgumentException) {
                code = CliException.USAGE;
                message = ex.getMessage();
            } else {
                code = CliException.FAILED;
                message = ex.toString();
            }
            PrintWriter err = commandLine.getErr();
            err.println("vecbox: error: " + CliMessages.translate(message, commandLine.getCommandName()));
            if (GlobalOptions.verbose()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cmd;
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vecbox " + (v == null ? "(development build)" : v)};
        }
    }
}
