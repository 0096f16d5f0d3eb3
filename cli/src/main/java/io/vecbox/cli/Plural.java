package io.vecbox.cli;

import java.util.Locale;

/** Counted nouns in the CLI's output: "1 batch", "2 batches", "1,000 rows". Stateless. */
final class Plural {
    private Plural() {
    }

    /**
     * @param n how many
     * @param noun the singular, a regular English noun
     * @return {@code n} with digit grouping, a space and the noun in the number {@code n} needs
     */
    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d ", n) + noun(n, noun);
    }

    /**
     * @param n how many
     * @param noun the singular, a regular English noun
     * @return the singular for exactly 1, else the plural
     */
    static String noun(long n, String noun) {
        if (n == 1) {
            return noun;
        }
        if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("ch") || noun.endsWith("sh")) {
            return noun + "es";
        }
        if (noun.length() > 1 && noun.endsWith("y") && "aeiou".indexOf(noun.charAt(noun.length() - 2)) < 0) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + "s";
    }
}
