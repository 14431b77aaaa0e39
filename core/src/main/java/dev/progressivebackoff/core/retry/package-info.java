/**
 * The rate-limit retry loop: {@link dev.progressivebackoff.core.retry.RateLimitRetryLoop} sends a request
 * through a {@link dev.progressivebackoff.core.retry.RateLimitedExchange}, and on a retryable 429 asks the
 * policy, tells the {@link dev.progressivebackoff.core.retry.RetryListener}s, sleeps through the
 * {@link dev.progressivebackoff.core.Sleeper} and tries again. Its failures are typed: retries exhausted,
 * not retryable, rate limited until a time beyond the allowed wait, interrupted.
 */
package dev.progressivebackoff.core.retry;
