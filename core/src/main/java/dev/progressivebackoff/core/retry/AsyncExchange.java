package dev.progressivebackoff.core.retry;

import java.util.concurrent.CompletionStage;

/**
 * One asynchronous send of a request, as {@link RateLimitRetryLoop#executeAsync} sees it: the asynchronous form of
 * {@link RateLimitedExchange}. The stage completes with the response's signals and, on success, its value, or
 * exceptionally with a failure the caller handles (the loop stops at once and its future fails with it).
 *
 * <p>The loop cancels the stage ({@link java.util.concurrent.Future#cancel}, through
 * {@link CompletionStage#toCompletableFuture()}) when its own future is cancelled while the send is in flight.
 *
 * @param <T> the success value
 */
@FunctionalInterface
public interface AsyncExchange<T> {

    /**
     * Starts sending the request once more; must not block.
     *
     * @param attempt 1 for the first send, 2 for the first rate-limit retry, ...
     * @return the stage of the response's signals and, on success, its value
     */
    CompletionStage<ExchangeResult<T>> send(int attempt);
}
