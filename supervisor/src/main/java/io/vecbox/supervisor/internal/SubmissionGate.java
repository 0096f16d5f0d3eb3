package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;
import io.vecbox.protocol.SqlStatement;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryQuarantinedException;
import io.vecbox.supervisor.ReadOnlyPoolException;
import io.vecbox.supervisor.SandboxPolicy;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.internal.sandbox.SqlMemo;
import io.vecbox.supervisor.internal.sandbox.StatementGate;
import io.vecbox.supervisor.internal.sandbox.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The checks a request passes on the caller's thread before it may reach a worker: quarantine,
 * one statement per SQL text, transaction control, and for untrusted queries (a query or a
 * stream on a reader) the sandbox's statement gate. A transaction's statements are the host's
 * own, like {@code execute}: no sandbox gate. Requests that run none of the caller's SQL
 * ({@code describe} only prepares it; {@code transaction}, {@code fetch}, {@code closeCursor})
 * pass unchecked.
 *
 * <p>Every check of SQL text is a pure function of the text and the pool's fixed policy, so its
 * answers for recent texts are remembered ({@link SqlMemo}): a statement sent again passes the
 * gate for the cost of a hash lookup. Holds no lock; the memos are lock-free and
 * {@link Quarantine} synchronises itself. Thread-safe.
 */
final class SubmissionGate {
    private final String name;
    private final Quarantine quarantine;
    private final StatementGate gate;
    /** The gate's decisions on recent SQL (untrusted queries); null without a gate. */
    private final SqlMemo<Optional<Violation>> decisions;
    /** What the trusted paths' checks found in recent SQL texts. */
    private final SqlMemo<Shape> shapes = new SqlMemo<>(Shape::of);
    private final Function<String, String> transactionKeyword = text -> shapes.get(text).transactionKeyword();
    private final List<WorkerHandle> slots;
    /**
     * For a read-only pool, the statement kinds that write, by recent SQL text (the gate's rule 5,
     * {@link #WRITING_RULES}); null in a pool with a writer.
     */
    private final SqlMemo<Optional<Violation>> writes;
    /** The gate's rules that a read-only pool refuses in every query, trusted or not: statements that write. */
    private static final java.util.Set<String> WRITING_RULES = java.util.Set.of(Violation.WRITE, Violation.DDL,
            Violation.VACUUM, Violation.MAINTENANCE);

    /** What the trusted paths check in one SQL text: a second statement, and transaction control. */
    private record Shape(OptionalInt secondStatementStart, String transactionKeyword) {
        static Shape of(String sql) {
            return new Shape(StatementGate.secondStatementStart(sql), TransactionControl.keyword(sql));
        }
    }

    SubmissionGate(String name, SandboxPolicy policy, boolean readOnly, Quarantine quarantine,
                   List<WorkerHandle> slots) {
        this.name = name;
        if (readOnly) {
            // Only the statement kind matters here: no function or pragma lists, no length limit.
            StatementGate kinds = new StatementGate(java.util.Set.of(), java.util.Set.of(), Integer.MAX_VALUE);
            this.writes = new SqlMemo<>(kinds::check);
        } else {
            this.writes = null;
        }
        this.quarantine = quarantine;
        this.slots = List.copyOf(slots);
        this.gate = policy.gate() ? new StatementGate(policy.allowedPragmaFunctions(), policy.deniedFunctions(),
                policy.maxSqlLength()) : null;
        this.decisions = gate == null ? null : new SqlMemo<>(gate::check);
    }

    /**
     * Checks a request, and confines a suspect (see {@link Quarantine#confinedTo}) to the slot it
     * crashed by setting {@link PendingRequest#pinnedTo}; reads only slots' final fields.
     *
     * @return the exception to fail the request with before dispatch, or null to dispatch it
     */
    WorkerPoolException refusal(PendingRequest r, long now) {
        RequestKind kind = r.kind;
        if (writes != null) {
            WorkerPoolException readOnly = readOnlyRefusal(r);
            if (readOnly != null) {
                return readOnly;
            }
        }
        if (kind == RequestKind.DESCRIBE || kind == RequestKind.TRANSACTION || kind == RequestKind.FETCH
                || kind == RequestKind.CLOSE_CURSOR) {
            return null;
        }
        String sql = r.sql;
        boolean untrusted = gate != null && r.role == Role.READER
                && (kind == RequestKind.QUERY || kind == RequestKind.OPEN_CURSOR);
        Quarantine.Refusal quarantined = quarantine.check(r.fingerprint, now);
        if (quarantined != null) {
            return quarantinedException(name, quarantined, sql);
        }
        int confined = quarantine.confinedTo(r.fingerprint, now);
        if (confined >= 0 && slots.get(confined).role == r.role && (r.lease == null || r.lease.opensWith(r))) {
            r.pinnedTo = slots.get(confined); // a lease's later requests go to its worker only
        }
        String second = untrusted ? null : secondStatement(kind, sql, r.statements); // the gate's own rule
        if (second != null) {
            return new QueryFailedException(name + " - " + kind.wireName() + " runs exactly one statement per SQL "
                    + "text, but " + second + (kind == RequestKind.BATCH ? "; give each statement its own Statement"
                    : "; send them one by one, or as a list to executeBatch (one transaction)"), -1, "",
                    Duration.ZERO, 0, "BAD_REQUEST");
        }
        String control = untrusted ? null : TransactionControl.refusal(kind, sql, r.statements,
                r.lease != null && r.lease.kind == Lease.Kind.TRANSACTION,
                transactionKeyword); // untrusted: the gate's own rule
        if (control != null) {
            return new QueryFailedException(name + " - " + control, -1, "", Duration.ZERO, 0, "BAD_REQUEST");
        }
        if (untrusted) {
            Optional<Violation> denied = decisions.get(sql);
            if (denied.isPresent()) {
                return new SandboxViolationException(name + " - denied by the sandbox (rule "
                        + denied.get().rule() + "): " + denied.get().message(), -1, "",
                        Duration.ofNanos(System.nanoTime() - now), denied.get().rule());
            }
        }
        return null;
    }

    /**
     * A read-only pool's refusal: anything for the writer (execute, batch, execute-many, a
     * transaction), and a query or stream whose statement writes. Its readers cannot write anyway
     * (read-only connections); this says so before a worker is asked, in words.
     */
    private WorkerPoolException readOnlyRefusal(PendingRequest r) {
        if (r.role == Role.WRITER) {
            String what = r.kind == RequestKind.TRANSACTION ? "a transaction (it holds the writer)"
                    : r.kind.wireName() + " " + Text.sql(r.sql);
            return new ReadOnlyPoolException(name + " - the pool is read-only (readOnly: it serves a database that"
                    + " something else maintains, and has no writer); refused " + what);
        }
        if (r.kind == RequestKind.QUERY || r.kind == RequestKind.OPEN_CURSOR) {
            Optional<Violation> kind = writes.get(r.sql);
            if (kind.isPresent() && WRITING_RULES.contains(kind.get().rule())) {
                return new ReadOnlyPoolException(name + " - the pool is read-only (readOnly: it serves a database"
                        + " that something else maintains, and has no writer); refused a query that writes ("
                        + kind.get().rule() + "): " + Text.sql(r.sql));
            }
        }
        return null;
    }

    /** @return the refusal of a quarantined statement, for the caller */
    static QueryQuarantinedException quarantinedException(String pool, Quarantine.Refusal quarantined, String sql) {
        return new QueryQuarantinedException(pool + " - statement quarantined for another "
                + TimeUnit.NANOSECONDS.toSeconds(quarantined.remainingNanos()) + " s because " + quarantined.reason()
                + ": " + Text.sql(sql), Duration.ofNanos(quarantined.remainingNanos()));
    }

    /**
     * @return a description of the second statement in SQL that should hold one, or null. The
     *     untrusted gate reports this itself (rule single-statement), so queries under it are left
     *     to the gate.
     */
    private String secondStatement(RequestKind kind, String sql, List<SqlStatement> statements) {
        if (kind == RequestKind.BATCH) {
            for (int i = 0; i < statements.size(); i++) {
                OptionalInt at = shapes.get(statements.get(i).sql()).secondStatementStart();
                if (at.isPresent()) {
                    return "statement " + i + " holds a second statement at position " + at.getAsInt();
                }
            }
            return null;
        }
        OptionalInt at = shapes.get(sql).secondStatementStart();
        return at.isPresent() ? "a second statement starts at position " + at.getAsInt() + ": "
                + Text.sql(sql.substring(at.getAsInt())) : null;
    }
}
