package dev.progressivebackoff.backoff;

import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.BackoffPolicyProvider;
import dev.progressivebackoff.core.policy.PolicyOptions;

/** Registers {@link TierAwareExponentialBackoff} with {@link java.util.ServiceLoader}. */
public final class TierAwareExponentialBackoffProvider implements BackoffPolicyProvider {

    @Override
    public String name() {
        return TierAwareExponentialBackoff.NAME;
    }

    @Override
    public BackoffPolicy create(PolicyOptions options) {
        return TierAwareExponentialBackoff.withOptions(options);
    }
}
