package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.WindowHold;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spent window ({@code remaining} 0 until a reset) seen by any process holds every process sharing the key,
 * as the local pacer does (issue 15): {@link RedisPacer#windowHold()} reports it uncut, and while it lasts
 * longer than the maximum hold every start fails at once (rate limited until the reset) instead of sleeping
 * the maximum and sending into the spent window. Redis times the holds on its own clock; the local clocks are
 * fake (they only date the hold for the report), and no test waits for a long hold.
 */
class RedisPacerWindowHoldTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration MAX_HOLD = Duration.ofSeconds(900);
    /** Generous for a loaded 2-core machine: how much of a hold may pass between its report and a check. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-window-hold");

    private final FakeClock timeOfA = FakeClock.advancingOnSleep();
    private final FakeClock timeOfB = FakeClock.advancingOnSleep();
    private final RecordingSleeper sleepsOfB = new RecordingSleeper();

    @Test
    void aWindowSpentForADayInOneProcessFailsTheStartsOfEveryProcessAtOnceWithTheReset() throws Exception {
        // given two processes on one key; A's response says no request remains until tomorrow
        RedisPacer a = pacer(timeOfA, settings -> settings.withSleeper(timeOfA));
        RedisPacer b = pacer(timeOfB, settings -> settings.withSleeper(sleepsOfB));
        RedisPermit permit = a.acquire();
        permit.markSent();
        a.observe(permit, Signals.requestsLeft(0, DAY));
        permit.close();

        // then A reports the hold uncut, a day long
        WindowHold seenByA = a.windowHold().orElseThrow();
        assertThat(seenByA.heldFor()).isBetween(DAY.minus(SLACK), DAY);
        assertThat(seenByA.until()).isBetween(FakeClock.START.plus(DAY).minus(SLACK), FakeClock.START.plus(DAY));
        assertThat(seenByA.reason()).isEqualTo(WindowHold.REQUESTS_SPENT);
        assertThat(seenByA.source()).isEqualTo(WaitSource.X_RATELIMIT_RESET_REQUESTS);
        assertThat(seenByA.exceeds(MAX_HOLD)).isTrue();

        // and B's next start fails at once, without sleeping, naming the reset
        assertThatThrownBy(b::acquire).isInstanceOfSatisfying(RateLimitedUntilException.class, refused -> {
            assertThat(refused.until())
                    .isBetween(
                            timeOfB.now().plus(DAY).minus(SLACK), timeOfB.now().plus(DAY));
            assertThat(refused.getMessage())
                    .startsWith("rate limited until ")
                    .contains(WindowHold.REQUESTS_SPENT, "x-ratelimit-reset-requests", "900");
        });
        assertThatThrownBy(() -> b.acquire(100)).isInstanceOf(RateLimitedUntilException.class);
        assertThat(sleepsOfB.sleeps()).isEmpty();
        assertThat(b.windowHold())
                .hasValueSatisfying(hold -> assertThat(hold.reason()).isEqualTo(WindowHold.REQUESTS_SPENT));
        // nothing is left held by the refused starts
        assertThat(b.state().inFlight()).isZero();
        assertThat(b.state().waiting()).isZero();
    }

    @Test
    void aProcessHearsOfTheSpentWindowWithItsFirstCallToRedis() {
        // given A was told no request remains for an hour
        RedisPacer a = pacer(timeOfA, settings -> settings.withSleeper(timeOfA));
        RedisPacer b = pacer(timeOfB, settings -> settings.withSleeper(sleepsOfB));
        a.observe(Signals.requestsLeft(0, Duration.ofHours(1)));

        // when B has not called Redis yet, it knows nothing (windowHold makes no call); after any call (here a
        // read of the state) it reports the hold
        assertThat(b.windowHold()).isEmpty();
        b.state();

        assertThat(b.windowHold())
                .hasValueSatisfying(hold ->
                        assertThat(hold.heldFor()).isBetween(Duration.ofHours(1).minus(SLACK), Duration.ofHours(1)));
    }

    @Test
    void spentTokensHoldEveryProcessAsTheirHeaderAnnounced() {
        // given A's response says the token window is spent for a day
        RedisPacer a = pacer(timeOfA, settings -> settings.withSleeper(timeOfA));
        RedisPacer b = pacer(timeOfB, settings -> settings.withSleeper(sleepsOfB));
        a.observe(Signals.tokensLeft(0, DAY));

        // then B's next start fails at once, the tokens named
        assertThatThrownBy(b::acquire)
                .isInstanceOf(RateLimitedUntilException.class)
                .hasMessageContaining(WindowHold.TOKENS_SPENT)
                .hasMessageContaining("x-ratelimit-reset-tokens");
        assertThat(sleepsOfB.sleeps()).isEmpty();
    }

    @Test
    void aCountSpentUntilAResetBeyondTheMaximumRefusesTheStartAfterIt() throws Exception {
        // given A's first response says 2 more requests are admitted in a window ending tomorrow
        RedisPacer a = pacer(timeOfA, settings -> settings.withSleeper(timeOfA));
        RedisPacer b = pacer(timeOfB, settings -> settings.withSleeper(sleepsOfB));
        RedisPermit first = a.acquire();
        first.markSent();
        a.observe(first, Signals.requestsLeft(2, DAY));
        first.close();

        // when B spends them
        b.acquire().close();
        b.acquire().close();

        // then the window is spent until tomorrow: the next start fails at once
        assertThatThrownBy(b::acquire).isInstanceOf(RateLimitedUntilException.class);
        assertThat(sleepsOfB.sleeps()).isEmpty();
        assertThat(a.windowHold()).isEmpty(); // A has not called Redis since
        a.state();
        assertThat(a.windowHold())
                .hasValueSatisfying(hold -> assertThat(hold.exceeds(MAX_HOLD)).isTrue());
    }

    @Test
    void aSpentWindowLongerThanTheMaximumIsHeldWholeOnceWhatIsLeftFits() throws Exception {
        // given a maximum hold of 300 ms, and A told no request remains for 500 ms
        Duration maxHold = Duration.ofMillis(300);
        RedisPacer a = redis.pacer(Tier.custom(6000), settings -> settings.withMaxHold(maxHold));
        RedisPacer b = redis.pacer(
                Tier.custom(6000), settings -> settings.withMaxHold(maxHold).withSleeper(sleepsOfB));
        long told = System.nanoTime();
        a.observe(Signals.requestsLeft(0, Duration.ofMillis(500)));
        assertThatThrownBy(b::acquire).isInstanceOf(RateLimitedUntilException.class);

        // when the maximum has passed (Redis keeps time on its own clock: this test waits for real)
        SystemSleeper.INSTANCE.sleep(Duration.ofMillis(320));
        b.acquire().close();

        // then B did not start when the schedule's cut hold ended, but at the window's end
        assertThat(Duration.ofNanos(System.nanoTime() - told)).isGreaterThanOrEqualTo(Duration.ofMillis(490));
    }

    private RedisPacer pacer(FakeClock time, UnaryOperator<RedisPacersBuilder> settings) {
        return redis.pacer(Tier.custom(6000), builder -> settings.apply(builder.withTimeSource(time)));
    }
}
