package io.vecbox.micrometer;

import io.vecbox.supervisor.AcquireTimeoutException;
import io.vecbox.supervisor.CursorClosedException;
import io.vecbox.supervisor.PoolClosedException;
import io.vecbox.supervisor.PoolOverloadedException;
import io.vecbox.supervisor.QueryFailedException;
import io.vecbox.supervisor.QueryQuarantinedException;
import io.vecbox.supervisor.QueryTimeoutException;
import io.vecbox.supervisor.RequestInterruptedException;
import io.vecbox.supervisor.ResultTooLargeException;
import io.vecbox.supervisor.SandboxViolationException;
import io.vecbox.supervisor.TransactionLostException;
import io.vecbox.supervisor.WorkerCrashedException;
import io.vecbox.supervisor.WorkerPoolException;
import io.vecbox.supervisor.WorkerStartException;

/**
 * The {@code outcome} tag of {@code vecbox.requests}: one value per kind of failure the pool
 * documents, so the tag's values are a fixed, small set.
 */
final class Outcome {
    static final String SUCCESS = "success";

    private Outcome() {
    }

    /**
     * @param failure what the request failed with, or null
     * @return {@code success}, or the failure's kind: {@code sql-error}, {@code timeout},
     *     {@code crashed}, {@code quarantined}, {@code sandbox-denied}, {@code too-large},
     *     {@code overloaded}, {@code acquire-timeout}, {@code closed}, {@code worker-start},
     *     {@code interrupted}, {@code transaction-lost}, {@code cursor-closed}, or {@code other}
     */
    static String of(WorkerPoolException failure) {
        if (failure == null) {
            return SUCCESS;
        } else if (failure instanceof QueryFailedException) {
            return "sql-error";
        } else if (failure instanceof QueryTimeoutException) {
            return "timeout";
        } else if (failure instanceof WorkerCrashedException) {
            return "crashed";
        } else if (failure instanceof QueryQuarantinedException) {
            return "quarantined";
        } else if (failure instanceof SandboxViolationException) {
            return "sandbox-denied";
        } else if (failure instanceof ResultTooLargeException) {
            return "too-large";
        } else if (failure instanceof PoolOverloadedException) {
            return "overloaded";
        } else if (failure instanceof AcquireTimeoutException) {
            return "acquire-timeout";
        } else if (failure instanceof PoolClosedException) {
            return "closed";
        } else if (failure instanceof WorkerStartException) {
            return "worker-start";
        } else if (failure instanceof RequestInterruptedException) {
            return "interrupted";
        } else if (failure instanceof TransactionLostException) {
            return "transaction-lost";
        } else if (failure instanceof CursorClosedException) {
            return "cursor-closed";
        }
        return "other";
    }
}
