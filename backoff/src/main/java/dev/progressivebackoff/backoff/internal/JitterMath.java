package dev.progressivebackoff.backoff.internal;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.policy.Jitter;
import java.time.Duration;

/** Pure jitter arithmetic: the random number comes in as a parameter, so results are repeatable. */
public final class JitterMath {

    private static final long SATURATED_NANOS = Seconds.SATURATED.toNanos();

    private JitterMath() {}

    /**
     * The jittered wait, never negative and never longer than {@link Seconds#SATURATED}: {@code FULL} in
     * [0, computed], {@code EQUAL} in [computed/2, computed], {@code DECORRELATED} in
     * [base, max(base, 3 × previous)] (previous = base for the first retry); then capped.
     *
     * @param jitter   the kind of jitter
     * @param computed the unjittered wait for this retry
     * @param base     the tier's base delay (decorrelated jitter's floor)
     * @param previous the previous wait, or zero for the first retry
     * @param cap      the largest wait allowed, or null for none
     * @param uniform  a random number in [0, 1)
     */
    public static Duration apply(
            Jitter jitter, Duration computed, Duration base, Duration previous, Duration cap, double uniform) {
        if (!(uniform >= 0.0 && uniform < 1.0)) {
            throw new IllegalArgumentException("uniform must be in [0, 1): " + uniform);
        }
        long computedNanos = nanos(computed);
        long result = switch (jitter) {
            case NONE -> computedNanos;
            case FULL -> scale(computedNanos, uniform);
            case EQUAL -> computedNanos / 2 + scale(computedNanos - computedNanos / 2, uniform);
            case DECORRELATED -> {
                long floor = nanos(base);
                long ceiling = Math.max(floor, saturatedTimes3(nanos(previous.isZero() ? base : previous)));
                yield floor + scale(ceiling - floor, uniform);
            }
        };
        if (cap != null) {
            result = Math.min(result, nanos(cap));
        }
        return Duration.ofNanos(Math.max(0L, Math.min(result, SATURATED_NANOS)));
    }

    /** {@code nanos × uniform}, rounded down, never negative. */
    private static long scale(long nanos, double uniform) {
        return (long) Math.floor(nanos * uniform);
    }

    private static long saturatedTimes3(long nanos) {
        return nanos > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : nanos * 3;
    }

    /** A duration in nanoseconds, saturating instead of overflowing. */
    public static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
