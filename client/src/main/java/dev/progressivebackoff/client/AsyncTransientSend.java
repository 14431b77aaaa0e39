package dev.progressivebackoff.client;

import dev.progressivebackoff.client.PacedExchange.Sent;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.support.AsyncFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One asynchronous paced send of a foreign request with the transport's retries of transient failures
 * ({@link TransientRetries}), unless the request retries its own: each wait is scheduled, no thread sleeps. Completes
 * {@code outcome} with the response settled on, or with the failure that ended the retries; once {@code outcome} is
 * done (cancelled), nothing more is sent.
 *
 * @param <R> the library's response
 */
final class AsyncTransientSend<R> {

    private final ForeignExchange<R> call;
    private final Function<R, RateLimitSignals> signals;
    private final PacedExchange exchange;
    private final TransientRetries retries;
    private final ScheduledExecutorService waits;
    private final CompletableFuture<Sent<R>> outcome;

    AsyncTransientSend(
            ForeignExchange<R> call,
            Function<R, RateLimitSignals> signals,
            PacedExchange exchange,
            TransientRetries retries,
            ScheduledExecutorService waits,
            CompletableFuture<Sent<R>> outcome) {
        this.call = call;
        this.signals = signals;
        this.exchange = exchange;
        this.retries = retries;
        this.waits = waits;
        this.outcome = outcome;
    }

    /** Sends attempt {@code attempt} (1-based), unless the outcome is already done. */
    void attempt(int attempt) {
        if (outcome.isDone()) {
            return;
        }
        CompletableFuture<Sent<R>> sending = exchange.pacedAsync(call::sendAsync, signals, 0, waits);
        outcome.whenComplete((done, failure) -> {
            if (outcome.isCancelled()) {
                sending.cancel(false);
            }
        });
        sending.whenComplete((sent, failure) -> {
            if (failure != null) {
                failed(failure, attempt);
            } else {
                answered(sent, attempt);
            }
        });
    }

    private void answered(Sent<R> sent, int attempt) {
        Optional<Duration> wait =
                call.retriesTransientFailures() ? Optional.empty() : retries.afterResponse(sent.signals(), attempt);
        if (wait.isEmpty() && outcome.complete(sent)) {
            return;
        }
        call.discard(sent.response());
        wait.ifPresent(delay -> later(delay, attempt + 1));
    }

    private void failed(Throwable failure, int attempt) {
        IOException io = ioFailure(AsyncFailures.cause(failure));
        Optional<Duration> wait = io == null || call.retriesTransientFailures()
                ? Optional.empty()
                : retries.afterFailure(io, call.uri(), attempt);
        if (wait.isEmpty()) {
            outcome.completeExceptionally(failure);
        } else {
            later(wait.get(), attempt + 1);
        }
    }

    private void later(Duration delay, int attempt) {
        try {
            waits.schedule(() -> attempt(attempt), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            outcome.completeExceptionally(stopped);
        }
    }

    private static IOException ioFailure(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        return cause instanceof UncheckedIOException unchecked ? unchecked.getCause() : null;
    }
}
