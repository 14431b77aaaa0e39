package dev.progressivebackoff.core.retry;

/**
 * One send of a request, as the retry loop sees it: the transport performs it (with its own retries
 * for I/O errors and 5xx inside) and reports the response's signals and, on success, its value.
 *
 * <p>A send may throw a checked exception of its own ({@code E}, e.g. {@link java.io.IOException}): the loop
 * stops at once and {@link RateLimitRetryLoop#execute} throws it unchanged (a lambda that throws none makes
 * {@code E} a {@link RuntimeException}, so callers catch nothing).
 *
 * @param <T> the success value
 * @param <E> the checked exception a send may throw
 */
@FunctionalInterface
public interface RateLimitedExchange<T, E extends Exception> {

    /**
     * Sends the request once more.
     *
     * @param attempt 1 for the first send, 2 for the first rate-limit retry, ...
     * @return the response's signals and, on success, its value
     * @throws E                    the send failed in a way the caller handles (the loop does not retry it)
     * @throws InterruptedException if interrupted while sending or waiting inside the transport
     */
    ExchangeResult<T> send(int attempt) throws E, InterruptedException;
}
