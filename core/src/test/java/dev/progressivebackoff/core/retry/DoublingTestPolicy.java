package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the backoff module's policy (core cannot depend on it): base × 2^(n−1), a server hint
 * replaces it; remembers every context it was asked about.
 */
final class DoublingTestPolicy implements BackoffPolicy {

    private final int maxRetries;
    private final Duration extraOnHints;
    private final List<RetryContext> asked = new ArrayList<>();

    private DoublingTestPolicy(int maxRetries, Duration extraOnHints) {
        this.maxRetries = maxRetries;
        this.extraOnHints = extraOnHints;
    }

    static DoublingTestPolicy withMaxRetries(int maxRetries) {
        return new DoublingTestPolicy(maxRetries, Duration.ZERO);
    }

    /** Like a policy spreading server hints upward: waits {@code extra} longer than the server asked. */
    static DoublingTestPolicy spreadingHintsBy(Duration extra) {
        return new DoublingTestPolicy(6, extra);
    }

    @Override
    public BackoffDecision decide(RetryContext context) {
        asked.add(context);
        if (!context.signals().hints().isEmpty()) {
            var hint = context.signals().hints().get(0);
            return BackoffDecision.retryAfter(hint.delay().plus(extraOnHints), hint.source());
        }
        return BackoffDecision.retryAfter(
                context.tier().baseDelay().multipliedBy(1L << (context.retry() - 1)), WaitSource.TIER_BACKOFF);
    }

    @Override
    public int maxRetries() {
        return maxRetries;
    }

    List<RetryContext> asked() {
        return List.copyOf(asked);
    }
}
