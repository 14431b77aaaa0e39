package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.support.AsyncFailures;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One asynchronous call of a {@link RateLimitRetryLoop}: sends, hands each result to the {@link LoopCall} (the
 * decisions the blocking loop makes), and schedules each wait on the scheduler instead of sleeping. Cancelling
 * {@link #future()} cancels the pending wait or the send in flight; nothing is sent after it.
 *
 * @param <T> the success value
 */
final class AsyncLoopRun<T> {

    private final AsyncExchange<T> exchange;
    private final ScheduledExecutorService scheduler;
    private final LoopCall call;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    /** The send in flight or the wait pending, to cancel with the call. */
    private volatile Future<?> pending;

    AsyncLoopRun(AsyncExchange<T> exchange, ScheduledExecutorService scheduler, LoopCall call) {
        this.exchange = exchange;
        this.scheduler = scheduler;
        this.call = call;
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                stop();
            }
        });
    }

    /** The call's future. */
    CompletableFuture<T> future() {
        return result;
    }

    /** Starts the first send on the caller's thread (the exchange must not block). */
    AsyncLoopRun<T> start() {
        send(1);
        return this;
    }

    private void send(int attempt) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<ExchangeResult<T>> sent;
        try {
            CompletionStage<ExchangeResult<T>> stage =
                    Objects.requireNonNull(exchange.send(attempt), "the exchange returned no stage");
            sent = stage.toCompletableFuture();
        } catch (RuntimeException failure) {
            call.sendFailed(attempt, failure);
            result.completeExceptionally(failure);
            return;
        }
        pending = sent;
        if (result.isDone()) {
            sent.cancel(true);
            return;
        }
        sent.whenComplete((answer, failure) -> received(attempt, answer, failure));
    }

    private void received(int attempt, ExchangeResult<T> answer, Throwable failure) {
        if (result.isDone()) {
            return;
        }
        if (failure != null) {
            Throwable cause = AsyncFailures.cause(failure);
            call.sendFailed(attempt, cause);
            result.completeExceptionally(cause);
            return;
        }
        Optional<Duration> wait;
        try {
            wait = call.after(attempt, Objects.requireNonNull(answer, "the exchange returned no result"));
        } catch (RuntimeException stop) {
            result.completeExceptionally(stop);
            return;
        }
        if (wait.isEmpty()) {
            result.complete(answer.value());
        } else {
            waitThenSend(wait.get(), attempt + 1);
        }
    }

    /** Schedules the next send after {@code wait}; no thread sleeps meanwhile. */
    private void waitThenSend(Duration wait, int attempt) {
        try {
            pending = scheduler.schedule(() -> send(attempt), Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(shutDown);
            return;
        }
        if (result.isDone()) {
            pending.cancel(false);
        }
    }

    /** The call was cancelled: cancels what is pending and tells the listeners. */
    private void stop() {
        Future<?> current = pending;
        if (current != null) {
            current.cancel(true);
        }
        call.cancelled();
    }
}
