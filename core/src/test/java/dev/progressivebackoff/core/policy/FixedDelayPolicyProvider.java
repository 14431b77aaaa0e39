package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;

/** A test-only provider, registered in this module's test resources: always waits one second. */
public final class FixedDelayPolicyProvider implements BackoffPolicyProvider {

    static final String NAME = "test-fixed-delay";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public BackoffPolicy create(PolicyOptions options) {
        return new FixedDelay(options.maxRetries());
    }

    /** The policy the provider makes. */
    record FixedDelay(int maxRetries) implements BackoffPolicy {
        @Override
        public BackoffDecision decide(RetryContext context) {
            return context.retry() > maxRetries
                    ? BackoffDecision.giveUp("done")
                    : BackoffDecision.retryAfter(Duration.ofSeconds(1), WaitSource.TIER_BACKOFF);
        }
    }
}
