package dev.progressivebackoff.core.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Waits until an instant or an epoch value, measured from a reference instant: never negative, saturated. */
public final class Waits {

    private Waits() {}

    /** The time from {@code from} until {@code target}; zero if {@code target} is not after {@code from}. */
    public static Duration until(Instant target, Instant from) {
        return Decimals.toDuration(epochSeconds(target).subtract(epochSeconds(from)));
    }

    /** The time from {@code from} until the epoch second {@code targetEpochSeconds} (may be fractional). */
    public static Duration untilEpochSeconds(BigDecimal targetEpochSeconds, Instant from) {
        return Decimals.toDuration(targetEpochSeconds.subtract(epochSeconds(from)));
    }

    /** {@code seconds} (non-negative) as a duration saturated at {@link dev.progressivebackoff.core.Seconds#SATURATED}. */
    public static Duration seconds(long seconds) {
        return Decimals.toDuration(BigDecimal.valueOf(seconds));
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
    }
}
