package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The settings every {@link RedisPacer} of one {@link RedisPacers} shares; validated by its builder.
 *
 * @param failureMode     what to do while Redis is unavailable
 * @param expectedWorkers how many processes share a key: each caps its concurrency at 1/n of the tier's,
 *                        and paces at 1/n of the quota while Redis is unavailable
 * @param recheckInterval the longest a waiting caller sleeps before it asks Redis again
 * @param burst           starts allowed back to back
 * @param spacingMargin   true to space starts a small margin wider than 60 s / RPM
 * @param maxHold         the longest hold a cool-down or header can impose
 * @param timeSource      where local time is read (probe timing, the local fallback)
 * @param sleeper         how callers wait for their start
 * @param tokenWindow     the window the provider counts its per-minute tokens over (the TPM scaled to it)
 */
record PacerConfig(
        RedisFailureMode failureMode,
        int expectedWorkers,
        Duration recheckInterval,
        int burst,
        boolean spacingMargin,
        Duration maxHold,
        TimeSource timeSource,
        Sleeper sleeper,
        Duration tokenWindow) {

    PacerConfig {
        Objects.requireNonNull(tokenWindow, "tokenWindow");
        Objects.requireNonNull(failureMode, "failureMode");
        Objects.requireNonNull(recheckInterval, "recheckInterval");
        Objects.requireNonNull(maxHold, "maxHold");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** {@code requestsPerMinute / expectedWorkers}, at least 1: the conservative local rate. */
    int shareOf(int requestsPerMinute) {
        return Math.max(1, requestsPerMinute / expectedWorkers);
    }

    /**
     * The quota the local fallback paces at: the tier's requests and tokens per minute over
     * {@code expectedWorkers} (at least 1 each), no concurrency cap (the gate keeps this process's share).
     */
    Tier localShareOf(Tier tier) {
        OptionalLong tokens = tier.tokensPerMinute().isPresent()
                ? OptionalLong.of(Math.max(1, tier.tokensPerMinute().getAsLong() / expectedWorkers))
                : OptionalLong.empty();
        return Tier.custom(shareOf(tier.requestsPerMinute())).withTokenLimits(tokens, OptionalLong.empty());
    }

    /**
     * The most tokens the local fallback holds per token window at {@code tier}'s share (no limit without a
     * TPM): a larger request is held there until the whole share is free, not refused.
     */
    long localTokensPerWindow(Tier tier) {
        OptionalLong share = localShareOf(tier).tokensPerMinute();
        return share.isPresent()
                ? Math.max(1, Math.round(share.getAsLong() * (tokenWindow.toNanos() / 60e9)))
                : Long.MAX_VALUE;
    }

    /** {@code concurrency / expectedWorkers}, rounded up: this process's share of a concurrency cap. */
    int concurrencyShareOf(int concurrency) {
        return (concurrency + expectedWorkers - 1) / expectedWorkers;
    }
}
