package dev.progressivebackoff.core.decision;

import dev.progressivebackoff.core.policy.BackoffPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What the decision is configured with.
 *
 * @param policy        the rate-limit policy, asked for a 429's wait
 * @param maxServerWait the longest wait a server may ask for on any path (900 s by default); a longer one
 *                      gives up at once as {@link GiveUpKind#UNAVAILABLE_UNTIL}
 * @param transport     the transport's retries of transient statuses
 */
public record DecisionSettings(BackoffPolicy policy, Duration maxServerWait, TransportRetryRules transport) {

    /** 900 s. */
    public static final Duration DEFAULT_MAX_SERVER_WAIT = Duration.ofSeconds(900);

    public DecisionSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(maxServerWait, "maxServerWait");
        Objects.requireNonNull(transport, "transport");
        if (maxServerWait.isNegative()) {
            throw new IllegalArgumentException("maxServerWait must not be negative: " + maxServerWait);
        }
    }
}
