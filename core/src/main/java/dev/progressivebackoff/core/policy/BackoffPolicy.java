package dev.progressivebackoff.core.policy;

/**
 * Decides how long to wait before retrying a rate-limited request, or that it is time to give up.
 * Implementations are immutable, thread-safe and pure: per-request state lives in the retry loop and
 * arrives in the {@link RetryContext}.
 */
public interface BackoffPolicy {

    /** The decision for this retry. */
    BackoffDecision decide(RetryContext context);

    /** How many rate-limit retries this policy allows (6 by default, so 7 attempts). */
    int maxRetries();
}
