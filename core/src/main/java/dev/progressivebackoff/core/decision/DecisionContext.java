package dev.progressivebackoff.core.decision;

import dev.progressivebackoff.core.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a request stands when a response arrives.
 *
 * @param retry        which retry this would be, 1-based: of the rate-limit loop for a 429, of the transport
 *                     for a transient status
 * @param tier         the tier in force
 * @param elapsed      time since the first attempt started
 * @param previousWait the wait before the previous retry ({@link Duration#ZERO} for the first)
 * @param now          the time source's current instant, from which "until" instants are counted
 */
public record DecisionContext(int retry, Tier tier, Duration elapsed, Duration previousWait, Instant now) {

    public DecisionContext {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(previousWait, "previousWait");
        Objects.requireNonNull(now, "now");
    }
}
