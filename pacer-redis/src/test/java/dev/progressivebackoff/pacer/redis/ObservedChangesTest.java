package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.pacer.redis.internal.ObservedChange;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObservedChangesTest {

    private static final Duration MAX_HOLD = Duration.ofSeconds(900);
    private static final long MAX_HOLD_MICROS = 900_000_000L;
    private static final long SENT_AT = 1_700_000_000_000_000L;

    @Test
    void aCountAndItsResetArePassedOnForTheScriptToApply() {
        ObservedChange change =
                ObservedChanges.of(Signals.requestsLeft(3, Duration.ofSeconds(2)), false, MAX_HOLD, 0, 0);

        // no quota announced: the window counts as nearly spent
        assertThat(change)
                .isEqualTo(new ObservedChange(
                        false,
                        3,
                        2_000_000,
                        true,
                        0,
                        0,
                        MAX_HOLD_MICROS,
                        0,
                        2_000_000,
                        "X_RATELIMIT_RESET_REQUESTS",
                        0,
                        "X_RATELIMIT_RESET_TOKENS"));
        assertThat(change.isEmpty()).isFalse();
    }

    @Test
    void nothingRemainingWithoutAResetPassesNoReset() {
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(0, null), false, MAX_HOLD, 0, 0);

        assertThat(change.remaining()).isZero();
        assertThat(change.resetMicros()).isEqualTo(-1);
    }

    @Test
    void aWindowWithMoreThanATenthOfItsQuotaLeftIsNotNearlySpent() {
        assertThat(ObservedChanges.of(
                                Signals.quota(100, Duration.ofMinutes(1), 50, Duration.ofSeconds(30)),
                                false,
                                MAX_HOLD,
                                0,
                                0)
                        .nearlySpent())
                .isFalse();
        assertThat(ObservedChanges.of(
                                Signals.quota(100, Duration.ofMinutes(1), 10, Duration.ofSeconds(30)),
                                false,
                                MAX_HOLD,
                                0,
                                0)
                        .nearlySpent())
                .isTrue();
    }

    @Test
    void theResponseToTheFirstRequestOfAWindowDatesItsEndFromWhenThatRequestWasSent() {
        // a quota of 5 a second, 4 left: the response names the window's first request
        ObservedChange change = ObservedChanges.of(
                Signals.quota(5, Duration.ofSeconds(1), 4, Duration.ofSeconds(1)), false, MAX_HOLD, 7, SENT_AT);

        // one window and its margin (1 ms + 0.5 %) after it was sent
        assertThat(change.sequence()).isEqualTo(7);
        assertThat(change.windowEndMicros()).isEqualTo(SENT_AT + 1_006_000);
    }

    @Test
    void aLaterResponseOfTheWindowOrOneToAnUnknownGrantDatesNothing() {
        assertThat(ObservedChanges.of(
                                Signals.quota(5, Duration.ofSeconds(1), 3, Duration.ofSeconds(1)),
                                false,
                                MAX_HOLD,
                                7,
                                SENT_AT)
                        .windowEndMicros())
                .isZero();
        assertThat(ObservedChanges.of(
                                Signals.quota(5, Duration.ofSeconds(1), 4, Duration.ofSeconds(1)),
                                false,
                                MAX_HOLD,
                                0,
                                0)
                        .windowEndMicros())
                .isZero();
    }

    @Test
    void aSuccessTakesBackSomeSlowDownOnlyWhileRecovering() {
        assertThat(ObservedChanges.of(Signals.ok(), true, MAX_HOLD, 0, 0).recover())
                .isTrue();
        assertThat(ObservedChanges.of(Signals.ok(), false, MAX_HOLD, 0, 0).isEmpty())
                .isTrue();
    }

    @Test
    void aResetLongerThanTheMaximumHoldIsCut() {
        ObservedChange change = ObservedChanges.of(Signals.requestsLeft(0, Duration.ofHours(5)), false, MAX_HOLD, 0, 0);

        assertThat(change.resetMicros()).isEqualTo(MAX_HOLD_MICROS);
    }
}
