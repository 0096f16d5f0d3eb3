package io.vecbox.supervisor.internal.sandbox;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Remembers what a pure function of SQL text (a gate decision) said for recent SQL, so that a
 * statement sent again, the common case, costs a hash lookup and a string comparison instead of a
 * tokenizer pass. The function must depend on nothing but the text (and on the immutable object
 * it belongs to, e.g. a {@link StatementGate} built from one policy): a remembered answer is then
 * exactly what the function would say again. One memo serves one such function; a pool's gate and
 * policy are fixed, so its memo is keyed by the text alone.
 *
 * <p>Bounded: {@value #SLOTS} slots, chosen by the text's hash; a new text takes its slot from
 * whatever held it (no eviction order to maintain, no lock). Texts longer than
 * {@value #MAX_SQL_CHARS} chars are never remembered, so the memo holds at most
 * {@value #SLOTS} × {@value #MAX_SQL_CHARS} chars. Lock-free and thread-safe: a lookup that races
 * a store sees the old entry or the new one, each whole.
 *
 * @param <V> the function's answer; immutable
 */
public final class SqlMemo<V> {
    /** Slots, a power of two. */
    public static final int SLOTS = 1024;
    /** The longest text remembered. */
    public static final int MAX_SQL_CHARS = 4096;

    private record Entry<V>(String sql, V value) {
    }

    private final Function<String, V> function;
    private final AtomicReferenceArray<Entry<V>> slots = new AtomicReferenceArray<>(SLOTS);

    /** @param function a pure function of the SQL text; never given null */
    public SqlMemo(Function<String, V> function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    /**
     * @param sql the SQL text
     * @return what the function says for it, remembered or computed now
     * @throws NullPointerException if sql is null
     */
    public V get(String sql) {
        if (sql.length() > MAX_SQL_CHARS) {
            return function.apply(sql);
        }
        int h = sql.hashCode();
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry<V> e = slots.getAcquire(i);
        if (e != null && e.sql.equals(sql)) {
            return e.value;
        }
        V value = function.apply(sql);
        slots.setRelease(i, new Entry<>(sql, value));
        return value;
    }
}
