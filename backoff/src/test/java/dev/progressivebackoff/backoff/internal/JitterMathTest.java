package dev.progressivebackoff.backoff.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.policy.Jitter;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class JitterMathTest {

    private static final long MAX_NANOS = Long.MAX_VALUE;
    private static final long SATURATED_NANOS = Seconds.SATURATED.toNanos();

    @Test
    void leavesTheWaitAloneWithoutJitter() {
        assertThat(JitterMath.apply(
                        Jitter.NONE, Duration.ofSeconds(40), Duration.ofSeconds(20), Duration.ZERO, null, 0.7))
                .isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void rejectsARandomNumberOutsideTheUnitInterval() {
        for (double bad : new double[] {-0.1, 1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> JitterMath.apply(
                            Jitter.FULL, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, null, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("uniform");
        }
    }

    @Test
    void saturatesDecorrelatedJitterAfterAHugePreviousWait() {
        // regression: 3 × a saturated previous wait used to come out longer than Seconds.SATURATED
        Duration wait = JitterMath.apply(
                Jitter.DECORRELATED, Duration.ofSeconds(20), Duration.ofSeconds(20), Seconds.SATURATED, null, 0.9);

        assertThat(wait).isEqualTo(Seconds.SATURATED);
    }

    @Test
    void neverReturnsANegativeWaitForNegativeInputs() {
        // regression: a negative computed wait used to come back negative under FULL and EQUAL jitter
        assertThat(JitterMath.apply(
                        Jitter.FULL, Duration.ofSeconds(-5), Duration.ofSeconds(1), Duration.ZERO, null, 0.5))
                .isEqualTo(Duration.ZERO);
        assertThat(JitterMath.apply(
                        Jitter.EQUAL, Duration.ofSeconds(-5), Duration.ofSeconds(1), Duration.ZERO, null, 0.5))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void saturatesNanosInsteadOfOverflowing() {
        assertThat(JitterMath.nanos(Duration.ofDays(1_000_000))).isEqualTo(Long.MAX_VALUE);
        assertThat(JitterMath.nanos(Duration.ofMillis(12))).isEqualTo(12_000_000L);
    }

    @Property
    void fullJitterStaysBetweenZeroAndTheComputedWait(
            @ForAll @LongRange(min = 0, max = MAX_NANOS) long computed,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double uniform) {
        long wait = JitterMath.apply(
                        Jitter.FULL, Duration.ofNanos(computed), Duration.ofNanos(1), Duration.ZERO, null, uniform)
                .toNanos();

        assertThat(wait).isBetween(0L, Math.min(computed, SATURATED_NANOS));
    }

    @Property
    void equalJitterStaysBetweenHalfAndAllOfTheComputedWait(
            @ForAll @LongRange(min = 0, max = MAX_NANOS) long computed,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double uniform) {
        long wait = JitterMath.apply(
                        Jitter.EQUAL, Duration.ofNanos(computed), Duration.ofNanos(1), Duration.ZERO, null, uniform)
                .toNanos();

        assertThat(wait).isBetween(Math.min(computed / 2, SATURATED_NANOS), Math.min(computed, SATURATED_NANOS));
    }

    @Property
    void decorrelatedJitterStaysBetweenBaseAndThreeTimesThePreviousWait(
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000_000L) long base,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long previous,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double uniform) {
        long wait = JitterMath.apply(
                        Jitter.DECORRELATED,
                        Duration.ofNanos(base),
                        Duration.ofNanos(base),
                        Duration.ofNanos(previous),
                        null,
                        uniform)
                .toNanos();

        long ceiling = Math.max(base, 3 * (previous == 0 ? base : previous));
        assertThat(wait).isBetween(Math.min(base, SATURATED_NANOS), Math.min(ceiling, SATURATED_NANOS));
    }

    @Property
    void anyJitterIsNeverNegativeNeverAboveTheCapAndNeverAboveSaturation(
            @ForAll Jitter jitter,
            @ForAll @LongRange(min = Long.MIN_VALUE, max = MAX_NANOS) long computed,
            @ForAll @LongRange(min = 1, max = MAX_NANOS) long base,
            @ForAll @LongRange(min = Long.MIN_VALUE, max = MAX_NANOS) long previous,
            @ForAll @LongRange(min = 1, max = MAX_NANOS) long cap,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double uniform) {
        Duration wait = JitterMath.apply(
                jitter,
                Duration.ofNanos(computed),
                Duration.ofNanos(base),
                Duration.ofNanos(previous),
                Duration.ofNanos(cap),
                uniform);

        assertThat(wait)
                .isGreaterThanOrEqualTo(Duration.ZERO)
                .isLessThanOrEqualTo(Duration.ofNanos(cap))
                .isLessThanOrEqualTo(Seconds.SATURATED);
    }
}
