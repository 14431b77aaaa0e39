package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.pacing.Permit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A place in a pacer's FIFO queue held by an asynchronous acquisition: instead of a parked thread, a task on the
 * scheduler tries to start it when it is woken (it became the head, a slot was freed, the schedule changed) and
 * again when the start is due. At most one such task is pending. The pacer's lock guards every method.
 */
final class ScheduledTurn implements QueueTurn {

    private final CompletableFuture<Permit> future = new CompletableFuture<>();
    private final Consumer<ScheduledTurn> attempt;
    private final ScheduledExecutorService scheduler;
    private final long estimatedTokens;
    private ScheduledFuture<?> timer;

    ScheduledTurn(Consumer<ScheduledTurn> attempt, ScheduledExecutorService scheduler, long estimatedTokens) {
        this.attempt = attempt;
        this.scheduler = scheduler;
        this.estimatedTokens = estimatedTokens;
    }

    CompletableFuture<Permit> future() {
        return future;
    }

    long estimatedTokens() {
        return estimatedTokens;
    }

    /** Tries to start at once, on the scheduler. */
    @Override
    public void wake() {
        tryIn(0);
    }

    /** Tries to start in {@code nanos}, on the scheduler; replaces the attempt pending. */
    void tryIn(long nanos) {
        cancelTimer();
        try {
            timer = scheduler.schedule(() -> attempt.accept(this), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            future.completeExceptionally(shutDown);
        }
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
