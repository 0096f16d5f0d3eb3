package io.vecbox.supervisor.internal.sandbox;

/**
 * The SQL cannot be split into tokens: an unterminated string, quoted identifier, blob or
 * comment, a malformed number or parameter, or a character SQLite itself rejects. Checked on
 * purpose: the gate must decide what to do with it (deny with rule {@code syntax}).
 */
public final class SqlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int position;

    /**
     * @param reason what is wrong, without the position, e.g. {@code "unterminated string literal"}
     * @param position the 0-based char offset in the SQL where the offending token starts
     */
    public SqlSyntaxException(String reason, int position) {
        super(reason + " at position " + position);
        this.reason = reason;
        this.position = position;
    }

    /** @return what is wrong, without the position */
    public String reason() {
        return reason;
    }

    /** @return the 0-based char offset in the SQL where the offending token starts */
    public int position() {
        return position;
    }
}
