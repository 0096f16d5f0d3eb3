package io.vecbox.supervisor.internal.sandbox;

import java.util.Objects;

/**
 * One lexical token of an SQL text, as {@link SqlTokenizer} reads it. Whitespace and comments
 * are not tokens. Immutable.
 *
 * @param type what kind of token
 * @param text for {@link Type#QUOTED_IDENTIFIER} the unquoted name ({@code "a""b"} → {@code a"b},
 *     {@code [x]} → {@code x}); for {@link Type#STRING} the value ({@code 'it''s'} → {@code it's});
 *     for every other type the source text exactly as written (keywords keep their case)
 * @param start 0-based char offset of the token's first char in the SQL
 * @param end char offset just after the token's last char, so {@code sql.substring(start, end)}
 *     is the token as written
 */
public record Token(Token.Type type, String text, int start, int end) {
    /** Token kinds; SQLite's many keyword and operator codes are folded into a few. */
    public enum Type {
        /** A bare identifier or keyword: {@code select}, {@code items}, {@code _x$1}, {@code größe}. */
        WORD,
        /** An identifier in {@code "…"}, {@code `…`} or {@code […]}; text is the unquoted name. */
        QUOTED_IDENTIFIER,
        /** A string literal {@code '…'}; text is its value. */
        STRING,
        /** A blob literal {@code x'00ff'}. */
        BLOB,
        /** A numeric literal: {@code 1}, {@code 1.5}, {@code .5}, {@code 1e5}, {@code 0x1F}. */
        NUMBER,
        /** A parameter: {@code ?}, {@code ?1}, {@code :name}, {@code @name}, {@code $name}. */
        PARAMETER,
        /** An operator: {@code ||}, {@code ->}, {@code ->>}, {@code <=}, {@code =}, {@code *}, … */
        OPERATOR,
        /** {@code (} */
        LEFT_PAREN,
        /** {@code )} */
        RIGHT_PAREN,
        /** {@code ,} */
        COMMA,
        /** {@code ;}, the statement separator */
        SEMICOLON,
        /** {@code .} as in {@code main.items} */
        DOT
    }

    /**
     * @throws NullPointerException if type or text is null
     * @throws IllegalArgumentException if the offsets are not {@code 0 <= start <= end}
     */
    public Token {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad token offsets: start=" + start + ", end=" + end);
        }
    }
}
