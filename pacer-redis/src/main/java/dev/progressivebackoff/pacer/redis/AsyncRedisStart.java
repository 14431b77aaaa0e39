package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.pacing.Permit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One asynchronous acquisition of a {@link RedisPacer}, as scheduled steps that never sleep: reserve the tokens
 * (one round trip per try, the wait between tries scheduled), take a concurrency slot (a waiter in the gate's
 * queue), then, at the head of the pacer's asynchronous askers, ask Redis for the start until it is granted (each
 * refusal's wait scheduled) or Redis cannot be used (the local fallback's asynchronous start). Each round trip
 * runs on a thread of the scheduler, never the caller's. What it holds (the reservation, the slot) is freed if the
 * future fails or is cancelled before the permit, which then owns them, is handed over.
 */
final class AsyncRedisStart {

    private final RedisPacer pacer;
    private final ScheduledExecutorService scheduler;
    private final long estimatedTokens;
    private final CompletableFuture<Permit> result = new CompletableFuture<>();
    /** Guards what is held and the step pending. */
    private final ReentrantLock lock = new ReentrantLock();

    private boolean over;
    private long reservation;
    private boolean inGate;
    private boolean asking;
    private Future<?> pending;
    /** When Redis first refused this start, on its clock (0 before). Read and written by the steps only. */
    private long since;

    AsyncRedisStart(RedisPacer pacer, ScheduledExecutorService scheduler, long estimatedTokens) {
        this.pacer = pacer;
        this.scheduler = scheduler;
        this.estimatedTokens = estimatedTokens;
    }

    CompletableFuture<Permit> start() {
        result.whenComplete((permit, failure) -> {
            if (failure != null) {
                release();
            }
        });
        later(this::reserveTokens, 0);
        return result;
    }

    /** Tries to reserve the tokens; tries again after the wait Redis names, then takes a slot. */
    private void reserveTokens() {
        SharedTokenBudget.ReserveTry attempt;
        try {
            attempt = pacer.tokens().tryReserve(estimatedTokens);
        } catch (InterruptedException | RuntimeException refused) {
            result.completeExceptionally(refused);
            return;
        }
        if (!attempt.reserved()) {
            later(this::reserveTokens, attempt.delay().toNanos());
        } else if (hold(() -> reservation = attempt.number())) {
            enterGate();
        } else {
            pacer.tokens().settle(attempt.number(), 0);
        }
    }

    private void enterGate() {
        CompletableFuture<Void> entered = pacer.gate().enterAsync();
        if (!hold(() -> pending = entered)) {
            entered.cancel(false);
        }
        entered.whenCompleteAsync(
                (nothing, cancelled) -> {
                    if (cancelled != null) {
                        return;
                    }
                    if (hold(() -> inGate = true)) {
                        joinAskers();
                    } else {
                        pacer.gate().leave();
                    }
                },
                scheduler);
    }

    private void joinAskers() {
        if (hold(() -> asking = true)) {
            pacer.askers().join(this);
        }
    }

    /** Called by the askers' queue when this start is its head: asks Redis, on the scheduler. */
    void wake() {
        later(this::ask, 0);
    }

    private void ask() {
        RedisPacer.Ask answer;
        try {
            // not granted ahead: a wait between the grant and the hand-over could not be cancelled cleanly
            answer = pacer.askOnce(since, false);
        } catch (InterruptedException | RuntimeException refused) {
            result.completeExceptionally(refused);
            return;
        }
        if (answer.permit() != null) {
            leaveAskers();
            handOver(answer.permit());
        } else if (answer == RedisPacer.Ask.DOWN) {
            leaveAskers();
            startLocally();
        } else {
            since = answer.since();
            later(this::ask, answer.delay().toNanos());
        }
    }

    /** Redis cannot be used: the local fallback paces the start, at its share. */
    private void startLocally() {
        CompletableFuture<Permit> local =
                pacer.fallback().acquireAsync(pacer.localTokensFor(estimatedTokens), scheduler);
        if (!hold(() -> pending = local)) {
            local.cancel(false);
        }
        local.whenComplete((granted, refused) -> {
            if (refused != null) {
                result.completeExceptionally(refused);
            } else {
                handOver(RedisPermit.local(pacer, pacer.gate(), granted));
            }
        });
    }

    /** The permit now owns the slot and the reservation; closed at once if the call was cancelled meanwhile. */
    private void handOver(RedisPermit permit) {
        long reserved;
        lock.lock();
        try {
            if (over) {
                reserved = -1;
            } else {
                over = true;
                reserved = reservation;
                inGate = false;
                reservation = 0;
            }
        } finally {
            lock.unlock();
        }
        if (reserved < 0) {
            permit.close();
            return;
        }
        permit.reserved(reserved);
        if (!result.complete(permit)) {
            permit.close();
            pacer.tokens().settle(reserved, 0);
        }
    }

    private void leaveAskers() {
        lock.lock();
        try {
            asking = false;
        } finally {
            lock.unlock();
        }
        pacer.askers().leave(this);
    }

    /** Runs {@code change} unless the call is over; false if it is (the caller then frees what it took). */
    private boolean hold(Runnable change) {
        lock.lock();
        try {
            if (over) {
                return false;
            }
            change.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The call failed or was cancelled before the hand-over: cancels the step pending, frees what is held. */
    private void release() {
        Future<?> step;
        long reserved;
        boolean slot;
        boolean queued;
        lock.lock();
        try {
            if (over) {
                return;
            }
            over = true;
            step = pending;
            reserved = reservation;
            slot = inGate;
            queued = asking;
        } finally {
            lock.unlock();
        }
        if (step != null) {
            step.cancel(false);
        }
        if (queued) {
            pacer.askers().leave(this);
        }
        if (slot) {
            pacer.gate().leave();
        }
        pacer.tokens().settle(reserved, 0);
    }

    /** Runs {@code step} on the scheduler after {@code nanos}, unless the call is over. */
    private void later(Runnable step, long nanos) {
        RejectedExecutionException shutDown = null;
        lock.lock();
        try {
            if (!over) {
                pending = scheduler.schedule(step, Math.max(0, nanos), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException rejected) {
            shutDown = rejected;
        } finally {
            lock.unlock();
        }
        if (shutDown != null) {
            result.completeExceptionally(shutDown);
        }
    }
}
