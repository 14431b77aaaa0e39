package dev.progressivebackoff.pacing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GcraScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void roundsTheIntervalUpSoTheQuotaIsNeverExceeded() {
        assertThat(GcraSchedule.intervalFor(3)).isEqualTo(20 * SECOND);
        assertThat(GcraSchedule.intervalFor(120)).isEqualTo(SECOND / 2);
        assertThat(GcraSchedule.intervalFor(7)).isEqualTo(8_571_428_572L);
        assertThatThrownBy(() -> GcraSchedule.intervalFor(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spacesStartsAcrossTheWrapOfTheNanosecondCounter() {
        // given a counter 1.5 s before it wraps
        long now = Long.MAX_VALUE - 3 * SECOND / 2;
        GcraSchedule schedule = new GcraSchedule(60, 1, false, now);

        // when three starts follow each other as early as allowed
        long first = schedule.earliestStart(now);
        schedule.commit(first);
        long second = schedule.earliestStart(first);
        schedule.commit(second);
        long third = schedule.earliestStart(second);

        // then they are one second apart, across the wrap
        assertThat(second - first).isEqualTo(SECOND);
        assertThat(third - second).isEqualTo(SECOND);
        assertThat(third).isNegative();
    }

    @Test
    void rescalesTheTimeOwedWhenTheRateChanges() {
        // given a 3 RPM schedule that started at 0
        GcraSchedule schedule = new GcraSchedule(3, 1, false, 0);
        schedule.commit(0);

        // when 200 RPM is adopted 10 s later, half way to the next start
        schedule.changeRate(200, 10 * SECOND);

        // then the 10 s owed become 0.15 s
        assertThat(schedule.earliestStart(10 * SECOND)).isEqualTo(10 * SECOND + 150_000_000L);
    }

    @Test
    void neverStartsBeforeAHoldWhateverTheRate() {
        GcraSchedule schedule = new GcraSchedule(60, 5, false, 0);

        schedule.holdUntil(30 * SECOND, 0);
        schedule.changeRate(6_000, 0);

        assertThat(schedule.earliestStart(0)).isEqualTo(30 * SECOND);
        assertThat(schedule.heldFor(10 * SECOND)).isEqualTo(20 * SECOND);
        assertThat(schedule.heldFor(40 * SECOND)).isZero();
    }
}
