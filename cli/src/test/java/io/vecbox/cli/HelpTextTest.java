package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
    @Test
    void noHelpTextBreaksASentenceMidLine() {
        CommandLine root = Main.commandLine();
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        all.addAll(root.getSubcommands().values());
        List<String> problems = new ArrayList<>();
        for (CommandLine c : all) {
            problems.addAll(midSentenceBreaks(c.getCommandName(), c.getUsageMessage(CommandLine.Help.Ansi.OFF),
                    c.getUsageHelpWidth()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckFindsWhatPicocliDidToLongDescriptionLines() {
        String broken = "Usage: vecbox demo [-h]\n"
                + "Load random vectors, run KNN queries, then crash a worker with a real sqlite-vec\n"
                + "segfault, stop a runaway query and refuse untrusted SQL, all while the pool\n"
                + "keeps\n"
                + "answering.\n";
        assertThat(midSentenceBreaks("demo", broken, 80)).hasSize(1).allMatch(p -> p.contains("'keeps'"));
        String example = "Example:\n  vecbox query --db demo.db \"select rowid, distance from items where embedding\n"
                + "match ? and k = 3\" '[0.1, 0.2, 0.3, 0.4]'\n";
        assertThat(midSentenceBreaks("query", example, 80)).hasSize(1);
    }

    /**
     * A line of help may end early only where a sentence, heading or row ends; any other break
     * must be the wrap of a full line of prose. Indented lines (options, rows, the synopsis) never
     * wrap onto column 0.
     */
    static List<String> midSentenceBreaks(String command, String usage, int width) {
        List<String> problems = new ArrayList<>();
        String[] lines = usage.split("\\R");
        boolean synopsis = false;
        for (int i = 0; i + 1 < lines.length; i++) {
            String a = lines[i];
            String b = lines[i + 1];
            synopsis = a.startsWith("Usage:") || (synopsis && a.startsWith(" "));
            if (b.isBlank() || b.startsWith(" ") || a.isBlank()) {
                continue;
            }
            String firstWord = b.split(" ", 2)[0];
            // picocli fills a line up to width - 1 columns
            boolean wrapped = !a.startsWith(" ") && a.length() + 1 + firstWord.length() >= width;
            boolean sentenceEnds = (a.matches(".*[.:!?]") || a.startsWith(" ") || synopsis)
                    && Character.isUpperCase(b.charAt(0));
            if (!wrapped && !sentenceEnds) {
                problems.add(command + ": '" + a + "' / '" + b + "'");
            }
        }
        return problems;
    }
}
