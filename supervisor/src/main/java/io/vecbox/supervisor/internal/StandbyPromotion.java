package io.vecbox.supervisor.internal;

import io.vecbox.protocol.Role;

/**
 * Promotes the standby writer ({@link io.vecbox.supervisor.WorkerPool.Builder#standbyWriter}) when
 * the writer cannot serve: its worker was just lost, or is still restarting or cooling down when
 * the standby becomes ready. The two writer slots swap duties ({@link WorkerHandle#standby}): the
 * standby's worker, started, connected and warmed up beforehand, becomes the writer at once and
 * takes the oldest waiting write; the other slot's next worker comes up as the new standby, after
 * the slot's usual restart delay.
 *
 * <p>Only the slot bookkeeping lives here, under the {@link Dispatcher}'s lock; the write it takes
 * is sent, logged and reported to the listener by {@link #announce}, outside it. The write that was
 * in flight on the lost writer is not resent: it fails as before, its outcome unknown (see
 * {@link WorkerLifecycle}).
 */
final class StandbyPromotion {
    /**
     * A promotion that took place.
     *
     * @param writer the slot that was the standby and is now the writer
     * @param generation its worker's generation, to send {@code next} to
     * @param next the waiting write it took, for the caller to send, or null
     * @param replaced the name of the writer it replaced, e.g. {@code worker-0#2}
     * @param replacedSlot that writer's slot, which now restarts as the standby
     * @param why why that writer could not serve, e.g. {@code was lost}
     */
    record Promotion(WorkerHandle writer, WorkerHandle.Generation generation, PendingRequest next, String replaced,
                     int replacedSlot, String why) {
    }

    private StandbyPromotion() {
    }

    /**
     * Promotes the standby if it is ready and the writer's slot has no worker that can serve
     * (STARTING, EXITED, BACKOFF or FAILED). Caller holds the dispatcher's lock.
     *
     * @return the promotion, or null if nothing changed
     */
    static Promotion promoteLocked(Dispatcher dispatcher) {
        WorkerHandle writer = null;
        WorkerHandle standby = null;
        for (WorkerHandle w : dispatcher.slots) {
            if (w.role == Role.WRITER) {
                if (w.standby) {
                    standby = w;
                } else {
                    writer = w;
                }
            }
        }
        if (dispatcher.closed || writer == null || standby == null || standby.state() != WorkerState.STANDBY) {
            return null;
        }
        String why = switch (writer.state()) {
            case EXITED -> "was lost";
            case BACKOFF, STARTING -> "is not back yet";
            case FAILED -> "is cooling down";
            default -> null; // it can serve (or the pool is stopping it)
        };
        if (why == null) {
            return null;
        }
        String replaced = writer.name();
        writer.standby = true;
        standby.standby = false;
        standby.moveTo(WorkerState.IDLE, "promoted: the writer " + replaced + " " + why);
        PendingRequest next = dispatcher.takeNextLocked(standby);
        if (next != null) {
            dispatcher.assignLocked(standby, next);
        } else {
            dispatcher.addIdleLocked(standby);
        }
        return new Promotion(standby, standby.generation, next, replaced, writer.slot, why);
    }

    /**
     * Sends the write the new writer took, logs the promotion and tells the listener. Call without
     * the lock.
     *
     * @param p a promotion, or null (then nothing happens)
     */
    static void announce(String pool, Promotion p, Completions completions, Dispatcher.Sender sender) {
        if (p == null) {
            return;
        }
        if (p.next() != null) {
            sender.sendLater(p.writer(), p.generation(), p.next());
        }
        String promoted = "worker-" + p.writer().slot + "#" + p.generation().number();
        Logs.FAILOVER.info("{} - {} promoted from standby to writer: the writer {} {}; worker-{} comes back as the "
                + "standby", pool, promoted, p.replaced(), p.why(), p.replacedSlot());
        completions.notifyListener("standbyPromoted", l -> l.standbyPromoted(pool, promoted, p.replaced()));
    }
}
