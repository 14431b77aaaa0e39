package dev.progressivebackoff.core.retry;

/**
 * One send of a request, as the retry loop sees it: the transport performs it (with its own retries
 * for I/O errors and 5xx inside) and reports the response's signals and, on success, its value.
 *
 * @param <T> the success value
 */
@FunctionalInterface
public interface RateLimitedExchange<T> {

    /**
     * Sends the request once more.
     *
     * @param attempt 1 for the first send, 2 for the first rate-limit retry, ...
     * @throws InterruptedException if interrupted while sending or waiting inside the transport
     */
    ExchangeResult<T> send(int attempt) throws InterruptedException;
}
