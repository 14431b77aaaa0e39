package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Objects;

/** A policy's answer: retry after a wait, or give up. */
public sealed interface BackoffDecision {

    /** Retry once {@code delay} has passed. */
    static Retry retryAfter(Duration delay, WaitSource source) {
        return new Retry(delay, source);
    }

    /** Stop retrying. */
    static GiveUp giveUp(String reason) {
        return new GiveUp(reason);
    }

    /**
     * Wait, then retry.
     *
     * @param delay  how long, non-negative
     * @param source where the wait came from: a server hint or {@link WaitSource#TIER_BACKOFF}
     */
    record Retry(Duration delay, WaitSource source) implements BackoffDecision {
        public Retry {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(source, "source");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("wait must not be negative: " + delay);
            }
        }
    }

    /**
     * Do not retry.
     *
     * @param reason shown to the user, e.g. "Max retries exceeded (after proper tier-aware backoff)"
     */
    record GiveUp(String reason) implements BackoffDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
