package io.vecbox.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** A JLine terminal with line editing and history in {@code ~/.vecbox_history} (or a temp dir). */
final class JLineInput implements ShellCommand.LineInput {
    private final Terminal terminal;
    private final LineReader reader;
    private Terminal.SignalHandler previousHandler;

    private JLineInput(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    static JLineInput open() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("vecbox")
                .variable(LineReader.HISTORY_FILE, historyFile())
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is ordinary SQL
                .build();
        return new JLineInput(terminal, reader);
    }

    static Path historyFile() {
        Path home = Path.of(System.getProperty("user.home", "."));
        if (Files.isDirectory(home) && Files.isWritable(home)) {
            return home.resolve(".vecbox_history");
        }
        return Path.of(System.getProperty("java.io.tmpdir")).resolve("vecbox_history");
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return INTERRUPTED;
        } catch (EndOfFileException e) {
            return null;
        }
    }

    /**
     * JLine's line reader takes Ctrl-C over while it reads (and turns it into
     * {@link UserInterruptException}), then puts this handler back.
     */
    @Override
    public void onInterrupt(Runnable handler) {
        previousHandler = terminal.handle(Terminal.Signal.INT, signal -> handler.run());
    }

    @Override
    public void close() throws IOException {
        if (previousHandler != null) {
            terminal.handle(Terminal.Signal.INT, previousHandler);
        }
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // history is a convenience; never fail the shell over it
        }
        terminal.close();
    }
}
