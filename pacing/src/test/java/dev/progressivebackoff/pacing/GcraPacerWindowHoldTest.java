package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A spent window's hold is kept whole (not cut to the maximum hold) for reports, and a start it would hold
 * longer than the maximum is refused at once with "rate limited until T" instead of slept through.
 */
class GcraPacerWindowHoldTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private Pacer pacer() {
        return Pacer.builder()
                .withSpacingMargin(false)
                .withTier(Tier.of("fast", 6_000))
                .withMaxHold(Duration.ofSeconds(900))
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }

    @Test
    void aRequestWindowSpentForADayRefusesStartsUntilTheHoldFitsTheMaximum() throws InterruptedException {
        // given a 200 saying no request remains until a reset in a day
        Pacer pacer = pacer();
        pacer.observe(Signals.requestsLeft(0, Duration.ofDays(1)));

        // then the hold is reported whole, and a start is refused at once, naming the reset
        assertThat(pacer.windowHold()).hasValueSatisfying(hold -> {
            assertThat(hold.heldFor()).isEqualTo(Duration.ofDays(1));
            assertThat(hold.until()).isEqualTo(FakeClock.START.plus(Duration.ofDays(1)));
            assertThat(hold.reason()).contains("request window is spent");
            assertThat(hold.source()).isEqualTo(WaitSource.X_RATELIMIT_RESET_REQUESTS);
        });
        assertThatThrownBy(pacer::acquire)
                .isInstanceOfSatisfying(RateLimitedUntilException.class, refused -> {
                    assertThat(refused.until()).isEqualTo(FakeClock.START.plus(Duration.ofDays(1)));
                    assertThat(refused.maximum()).isEqualTo(Duration.ofSeconds(900));
                    assertThat(refused.attempts()).isEmpty();
                })
                .hasMessageStartingWith("rate limited until 2025-01-02T00:00:00Z (the request window is spent");
        assertThat(clock.sleeps()).isEmpty();
        assertThat(pacer.state().waiting()).isZero();

        // and once the reset is no further than the maximum, the start waits for it
        clock.advance(Duration.ofDays(1).minusSeconds(900));
        pacer.acquire().close();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofDays(1));
        assertThat(pacer.windowHold()).isEmpty();
    }

    @Test
    void aTokenWindowSpentForAnHourIsRefusedAsWell() {
        // given
        Pacer pacer = pacer();

        // when
        pacer.observe(Signals.tokensLeft(0, Duration.ofHours(1)));

        // then
        assertThatThrownBy(() -> pacer.acquire(10))
                .isInstanceOf(RateLimitedUntilException.class)
                .hasMessageContaining("the token window is spent")
                .hasMessageContaining("x-ratelimit-reset-tokens");
    }

    @Test
    void aCoolDownIsNotAWindowHoldAndIsStillCutToTheMaximum() throws InterruptedException {
        // given
        Pacer pacer = pacer();

        // when a cool-down of an hour is asked for
        pacer.coolDown(Duration.ofHours(1));
        pacer.acquire().close();

        // then it is no window hold: the start waited the maximum hold
        assertThat(pacer.windowHold()).isEmpty();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(900));
    }
}
