package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A spent day learnt by one process stops every process sharing the key, through Redis, until its reset. */
class RedisSharedDayTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-day");

    private static final Tier TPM_60K =
            Tier.custom(600_000).withTokenLimits(OptionalLong.of(60_000), OptionalLong.empty());

    /** A process that must never wait: a spent day fails at once. */
    private static final Sleeper NEVER = duration -> {
        throw new AssertionError("unexpected wait of " + duration);
    };

    @Test
    void aDayToldSpentToOneProcessStopsTheOtherAtOnceUntilTheReset() throws Exception {
        // given processes A and B on one key, and A told the day is spent for 600 ms more
        RedisPacer a = pacer(TPM_60K);
        RedisPacer b = pacer(TPM_60K);
        long told = System.nanoTime();
        a.dailyQuotaSpent(Duration.ofMillis(600), "daily cap (TPD) reached");

        // when B asks for a start, then the same again
        // then B fails at once, without a start or a reservation, naming A's reason and the reset on Redis's clock
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> b.acquire(1_000))
                    .isInstanceOfSatisfying(
                            DailyQuotaExhaustedException.class,
                            spent ->
                                    assertThat(spent.resetIn()).isBetween(Duration.ofMillis(1), Duration.ofMillis(600)))
                    .hasMessageContaining("daily cap (TPD) reached");
        }
        assertThat(b.state().inFlight()).isZero();

        // and once the reset has passed, B starts again with the whole window's tokens
        RedisPermit after = acquireOnceReset(b, told + Duration.ofMillis(600).toNanos());
        assertThat(after.coordinated()).isTrue();
        assertThat(after.reservation()).isPositive();
        after.close();
    }

    @Test
    void aDailyCapRefusalObservedByOneProcessStopsAnotherWithoutATokenBudget() {
        // given B paces requests only (no TPM), and A meets a 429 naming a daily cap
        RedisPacer a = pacer(TPM_60K);
        RedisPacer b = pacer(Tier.custom(600_000));
        a.observe(Signals.fatal(429, "daily cap: tokens per day", ErrorBody.EMPTY));

        // when B asks for a start, then it fails at once, the reset a day away (no hint was given)
        assertThatThrownBy(() -> b.acquire(0))
                .isInstanceOfSatisfying(
                        DailyQuotaExhaustedException.class,
                        spent -> assertThat(spent.resetIn()).isBetween(Duration.ofHours(23), Duration.ofDays(1)))
                .hasMessageContaining("daily cap: tokens per day");
        assertThat(b.state().inFlight()).isZero();
    }

    @Test
    void aLaterResetIsKeptWhenAnEarlierOneIsToldAfterIt() {
        RedisPacer a = pacer(TPM_60K);
        RedisPacer b = pacer(TPM_60K);
        a.dailyQuotaSpent(Duration.ofHours(3), "first");
        a.dailyQuotaSpent(Duration.ofMinutes(1), "second");

        assertThatThrownBy(() -> b.acquire(10))
                .isInstanceOfSatisfying(
                        DailyQuotaExhaustedException.class,
                        spent -> assertThat(spent.resetIn()).isGreaterThan(Duration.ofHours(2)))
                .hasMessageContaining("first");
    }

    private RedisPacer pacer(Tier tier) {
        return redis.pacer(tier, settings -> settings.withSleeper(NEVER));
    }

    /** Asks every 20 ms until B is let through (the reset is on Redis's clock); fails if let through early. */
    private static RedisPermit acquireOnceReset(RedisPacer pacer, long resetNanos) throws InterruptedException {
        long deadline = resetNanos + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                RedisPermit permit = pacer.acquire(60_000);
                // Redis's clock and this JVM's read the same machine clock: a few ms of rounding allowed
                assertThat(System.nanoTime())
                        .isGreaterThan(resetNanos - Duration.ofMillis(5).toNanos());
                return permit;
            } catch (DailyQuotaExhaustedException stillSpent) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("still spent 5 s after the reset");
    }
}
