package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.transport.httpclient5.internal.RawResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One asynchronous request of an {@link HttpClient5Transport}: each attempt's blocking I/O runs on the I/O
 * executor, the {@link TransportRetryRun} decides after it (the decisions of the blocking send), and each wait is
 * scheduled on the scheduler instead of sleeping. Cancelling {@link #future()} cancels the pending wait or the
 * queued attempt; nothing is sent after it (an attempt already on the wire ends unread).
 */
final class AsyncTransportRun {

    /** One attempt on the wire; blocks. */
    @FunctionalInterface
    interface Attempt {
        RawResponse send(int attempt) throws IOException;
    }

    private final Attempt attempt;
    private final TransportRetryRun run;
    private final ScheduledExecutorService scheduler;
    private final Executor io;
    private final CompletableFuture<TransportResponse> result = new CompletableFuture<>();
    /** The wait pending, to cancel with the request. */
    private volatile Future<?> pending;

    AsyncTransportRun(Attempt attempt, TransportRetryRun run, ScheduledExecutorService scheduler, Executor io) {
        this.attempt = attempt;
        this.run = run;
        this.scheduler = scheduler;
        this.io = io;
        result.whenComplete((response, failure) -> {
            Future<?> waiting = pending;
            if (result.isCancelled() && waiting != null) {
                waiting.cancel(false);
            }
        });
    }

    /** The request's future. */
    CompletableFuture<TransportResponse> future() {
        return result;
    }

    /** Queues the first attempt on the I/O executor. */
    AsyncTransportRun start() {
        sendOnIo();
        return this;
    }

    private void sendOnIo() {
        try {
            io.execute(this::send);
        } catch (RejectedExecutionException closed) {
            result.completeExceptionally(closed);
        }
    }

    /** One attempt, on an I/O thread; then the decision, and the next attempt scheduled if one follows. */
    private void send() {
        if (result.isDone()) {
            return;
        }
        RawResponse response = null;
        IOException failure = null;
        Optional<Duration> wait;
        try {
            try {
                response = attempt.send(run.attempt());
            } catch (IOException e) {
                failure = e;
            }
            wait = run.after(response, failure, Thread.interrupted());
        } catch (InterruptedException | RuntimeException stop) {
            result.completeExceptionally(stop);
            return;
        }
        if (wait.isEmpty()) {
            result.complete(run.settled().response());
        } else {
            waitThenSend(wait.get());
        }
    }

    /** Schedules the next attempt after {@code wait}; no thread sleeps meanwhile. */
    private void waitThenSend(Duration wait) {
        try {
            pending = scheduler.schedule(this::sendOnIo, Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(shutDown);
            return;
        }
        if (result.isDone()) {
            pending.cancel(false);
        }
    }
}
