package io.vecbox.supervisor.internal;

import io.vecbox.protocol.SqlStatement;
import io.vecbox.protocol.Values;
import io.vecbox.supervisor.RequestInterruptedException;
import io.vecbox.supervisor.Statement;
import io.vecbox.supervisor.WorkerPoolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What {@link io.vecbox.supervisor.WorkerPool} does on the caller's thread around a request:
 * check and copy its parameters, and wait for its future, turning what it ends with into the
 * exception the caller sees. Stateless; thread-safe.
 */
public final class HostCalls {
    private HostCalls() {
    }

    /**
     * @param params positional parameters; a null array is one null parameter
     * @param rowIndex the row's index in an {@code executeMany}, or -1
     * @return the parameters, checked and copied
     * @throws IllegalArgumentException naming the parameter (and the row) if one has an unsupported type
     */
    public static List<Object> row(Object[] params, int rowIndex) {
        List<Object> list = params == null ? Collections.singletonList(null) : Arrays.asList(params);
        return normalize(list, rowIndex);
    }

    /**
     * @param rows one parameter array per execution of an {@code executeMany}
     * @return the rows, checked and copied
     * @throws IllegalArgumentException naming row and position if a parameter has an unsupported type
     */
    public static List<List<Object>> rows(List<Object[]> rows) {
        Objects.requireNonNull(rows, "rows");
        List<List<Object>> wire = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            wire.add(row(Objects.requireNonNull(rows.get(i), "row " + i), i));
        }
        return wire;
    }

    /**
     * @param statements the statements of an {@code executeBatch}
     * @return them as the wire carries them, parameters checked and copied
     * @throws IllegalArgumentException if the list is empty or a parameter has an unsupported type
     */
    public static List<SqlStatement> batch(List<Statement> statements) {
        Objects.requireNonNull(statements, "statements");
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("statements is empty");
        }
        List<SqlStatement> wire = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            Statement s = Objects.requireNonNull(statements.get(i), "statement " + i);
            wire.add(new SqlStatement(s.sql(), normalize(s.params(), i)));
        }
        return wire;
    }

    private static List<Object> normalize(List<Object> params, int rowIndex) {
        try {
            return Values.copyRow(params);
        } catch (IllegalArgumentException e) {
            throw rowIndex < 0 ? e : new IllegalArgumentException("row " + rowIndex + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for a request's answer. On interrupt the request is cancelled and the flag restored.
     *
     * @return the answer
     * @throws WorkerPoolException what the request failed with
     * @throws RequestInterruptedException if the caller was interrupted
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new RequestInterruptedException("interrupted while waiting for a worker's answer", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new WorkerPoolException("request failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new WorkerPoolException("request was cancelled", e);
        }
    }
}
