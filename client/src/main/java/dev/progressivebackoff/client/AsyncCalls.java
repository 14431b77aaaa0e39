package dev.progressivebackoff.client;

import dev.progressivebackoff.client.internal.AsyncRuntime;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.support.AsyncFailures;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The asynchronous calls of a {@link TeacherClient}: the tier detection first (once, sent asynchronously too), then
 * the client's rate-limit loop run {@linkplain RateLimitRetryLoop#executeAsync asynchronously}: each wait (policy,
 * server hint, pacer, transport retry) is scheduled, and only the transport's blocking I/O takes a thread of the bounded I/O
 * executor. Cancelling a call's future cancels the detection's wait, the loop's wait, the pacer's place or the
 * send in flight, whichever is pending. Thread-safe.
 */
final class AsyncCalls {

    private final RateLimitRetryLoop loop;
    private final AsyncRuntime runtime;
    /** The client's tier detection before the first call, as a future (completed at once when not needed). */
    private final Supplier<CompletableFuture<Void>> preflight;
    /** The calls in progress, failed by {@link #closeAll()}. */
    private final Set<CompletableFuture<?>> open = ConcurrentHashMap.newKeySet();

    AsyncCalls(RateLimitRetryLoop loop, AsyncRuntime runtime, Supplier<CompletableFuture<Void>> preflight) {
        this.loop = loop;
        this.runtime = runtime;
        this.preflight = preflight;
    }

    /** One send of a call, given where to schedule waits and run I/O. */
    @FunctionalInterface
    interface Attempt<T> {
        CompletableFuture<ExchangeResult<T>> send(int attempt, ScheduledExecutorService scheduler, Executor io);
    }

    /**
     * Runs a call: preflight, then the loop over {@code attempt}; its value mapped by {@code success}, its failure
     * by {@code failure} (which may add what the call cost).
     *
     * @param callListener hears this call's loop events (its statistics)
     */
    <T, R> CompletableFuture<R> execute(
            RetryListener callListener, Attempt<T> attempt, Function<T, R> success, UnaryOperator<Throwable> failure) {
        CompletableFuture<R> result = new CompletableFuture<>();
        ScheduledExecutorService scheduler;
        Executor io;
        CompletableFuture<Void> ready;
        try {
            scheduler = runtime.scheduler();
            io = runtime.io();
            ready = preflight.get();
        } catch (RuntimeException closed) {
            return CompletableFuture.failedFuture(closed);
        }
        AtomicReference<CompletableFuture<?>> pending = new AtomicReference<>(ready);
        open.add(result);
        result.whenComplete((value, thrown) -> {
            open.remove(result);
            if (thrown != null) {
                // cancelled, or failed by close(): nothing more is waited for or sent
                pending.get().cancel(true);
            }
        });
        ready.whenComplete((nothing, detectionFailed) -> {
            if (detectionFailed != null) {
                result.completeExceptionally(failure.apply(AsyncFailures.cause(detectionFailed)));
            } else if (!result.isDone()) {
                CompletableFuture<T> run =
                        loop.executeAsync(n -> attempt.send(n, scheduler, io), scheduler, callListener);
                pending.set(run);
                if (result.isDone()) {
                    run.cancel(true);
                }
                run.whenComplete((value, thrown) -> complete(result, value, thrown, success, failure));
            }
        });
        return result;
    }

    private static <T, R> void complete(
            CompletableFuture<R> result,
            T value,
            Throwable thrown,
            Function<T, R> success,
            UnaryOperator<Throwable> failure) {
        if (thrown != null) {
            result.completeExceptionally(failure.apply(AsyncFailures.cause(thrown)));
            return;
        }
        try {
            result.complete(success.apply(value));
        } catch (RuntimeException mapping) {
            result.completeExceptionally(failure.apply(mapping));
        }
    }

    /**
     * Fails every call in progress (the client is closing): their pending waits are cancelled and nothing more is
     * sent, also on a scheduler the client does not own.
     */
    void closeAll() {
        RejectedExecutionException closed = new RejectedExecutionException("the client is closed");
        for (CompletableFuture<?> call : List.copyOf(open)) {
            call.completeExceptionally(closed);
        }
    }

    /** {@code source} mapped by {@code mapping}; cancelling the mapped future cancels {@code source}. */
    static <A, B> CompletableFuture<B> mapped(CompletableFuture<A> source, Function<A, B> mapping) {
        CompletableFuture<B> mapped = source.thenApply(mapping);
        mapped.whenComplete((value, thrown) -> {
            if (mapped.isCancelled()) {
                source.cancel(true);
            }
        });
        return mapped;
    }
}
