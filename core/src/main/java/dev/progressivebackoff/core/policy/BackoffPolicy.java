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

    /** The policy's name in messages: its class's simple name unless it says otherwise. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /**
     * Why the call gave up when every retry this policy allows got a 429, naming the policy: {@code Max retries
     * exceeded (after 6 retries of MyPolicy)}. The default policy keeps its documented message.
     */
    default String retriesExhaustedReason() {
        return "Max retries exceeded (after " + maxRetries() + " retries of " + name() + ")";
    }
}
