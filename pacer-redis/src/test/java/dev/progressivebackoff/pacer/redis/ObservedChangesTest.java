package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.pacer.redis.internal.ObservedChange;
import dev.progressivebackoff.pacer.redis.internal.ObservedChange.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObservedChangesTest {

    private static final long INTERVAL_MICROS = 10_000; // 6,000 RPM
    private static final Duration MAX_HOLD = Duration.ofSeconds(900);

    @Test
    void nothingRemainingHoldsUntilTheReset() {
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(0, Duration.ofSeconds(3)), false,
                INTERVAL_MICROS, MAX_HOLD, 1.0 / 16);

        assertThat(change).isEqualTo(new ObservedChange(0, Action.HOLD, 3_000_000, 0, 0));
    }

    @Test
    void nothingRemainingWithoutAResetHoldsOneInterval() {
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(0, null), false, INTERVAL_MICROS, MAX_HOLD,
                1.0 / 16);

        assertThat(change.action()).isEqualTo(Action.HOLD);
        assertThat(change.firstMicros()).isEqualTo(INTERVAL_MICROS);
    }

    @Test
    void fewRemainingThatCannotLastSpreadTheStartsOverTheWindow() {
        // 3 left and one more at the reset: 4 starts over 2 s
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(3, Duration.ofSeconds(2)), false,
                INTERVAL_MICROS, MAX_HOLD, 1.0 / 16);

        assertThat(change).isEqualTo(new ObservedChange(0, Action.STRETCH, 500_000, 2_000_000, 0));
    }

    @Test
    void oneLeftOfASlidingWindowRunAtTheQuotaKeepsTheSpacing() {
        // the oldest request leaves two intervals from now: the one left and the one freed fit at the pace
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(1, Duration.ofNanos(2 * INTERVAL_MICROS
                * 1000)), false, INTERVAL_MICROS, MAX_HOLD, 1.0 / 16);

        assertThat(change.action()).isEqualTo(Action.END);
    }

    @Test
    void enoughRemainingEndsAStretch() {
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(1000, Duration.ofSeconds(2)), false,
                INTERVAL_MICROS, MAX_HOLD, 1.0 / 16);

        assertThat(change.action()).isEqualTo(Action.END);
    }

    @Test
    void aSuccessTakesBackSomeSlowDownOnlyWhenSlowedDown() {
        assertThat(ObservedChanges.of(Signals.silent(), true, INTERVAL_MICROS, MAX_HOLD, 1.0 / 16).recoveryStep())
                .isEqualTo(1.0 / 16);
        assertThat(ObservedChanges.of(Signals.silent(), false, INTERVAL_MICROS, MAX_HOLD, 1.0 / 16).isEmpty())
                .isTrue();
    }

    @Test
    void aResetLongerThanTheMaximumHoldIsCut() {
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(0, Duration.ofHours(5)), false,
                INTERVAL_MICROS, MAX_HOLD, 1.0 / 16);

        assertThat(change.firstMicros()).isEqualTo(900_000_000L);
    }
}
