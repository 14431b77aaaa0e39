package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.time.Duration;
import java.util.Objects;

/**
 * What a policy knows when asked to decide.
 *
 * @param retry        which retry this would be, 1-based (1 after the first 429)
 * @param tier         the tier in force
 * @param signals      the rate-limited response
 * @param elapsed      time since the first attempt started
 * @param previousWait the wait before the previous retry ({@link Duration#ZERO} for the first)
 */
public record RetryContext(int retry, Tier tier, RateLimitSignals signals, Duration elapsed, Duration previousWait) {

    public RetryContext {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(previousWait, "previousWait");
    }
}
