package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.WindowRules;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starts count from when each request goes on the wire ({@link RedisPermit#markSent()}), for every process
 * sharing the key, and are spaced a margin wider than 60 s / RPM. At 600 RPM the spacing is 100 ms plus
 * 1.5 ms.
 */
class RedisPacerSentTest {

    private static final Duration SPACING = Duration.ofNanos(WindowRules.spacing(600, true));

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-sent");

    @Test
    void aFirstRequestSentLateDelaysTheNextStartOfAnotherProcessToOneSpacingAfterItWasSent() throws Exception {
        // given two processes on one key; A's first request leaves 150 ms after its grant (a new connection)
        RedisPacer a = pacer(new RecordingSleeper(), true);
        RecordingSleeper sleepsOfB = new RecordingSleeper();
        RedisPacer b = pacer(sleepsOfB, true);
        RedisPermit first = a.acquire();
        Thread.sleep(150);
        first.markSent();
        first.reanchored().join(); // told to Redis without waiting; another process asks here only once it landed

        // when B asks for a start right after A's request went on the wire
        RedisPermit second = b.acquire();

        // then B waited a full spacing from A's send, not from A's grant (long past by then)
        assertThat(Duration.between(startOf(first), startOf(second)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(150).plus(SPACING));
        assertThat(total(sleepsOfB.sleeps())).isBetween(SPACING.minusMillis(20), SPACING.plusMillis(1));
        first.close();
        second.close();
    }

    @Test
    void theFirstRequestOfAProcessJoiningAKeyInUseSentLateDoesNotWidenItsSpacing() throws Exception {
        // given a key A already started on, and B's first request leaving 60 ms after its grant (a new
        // connection): B's grant number is above 1, but its first send is no jitter all the same
        RedisPacer a = pacer(new RecordingSleeper(), true);
        startAndClose(a);
        RedisPacer b = pacer(new RecordingSleeper(), true);
        try (RedisPermit first = b.acquire()) {
            Thread.sleep(60);
            first.markSent();
        }

        // when B starts three times more, sending promptly (the second's send would be the first jitter)
        startAndClose(b);
        Instant third = startAndClose(b);
        Instant fourth = startAndClose(b);

        // then they are a spacing apart, not a spacing plus a margin widened by 60 ms of "jitter" (10 ms)
        assertThat(Duration.between(third, fourth)).isBetween(SPACING, SPACING.plusMillis(6));
    }

    @Test
    void unmarkedTheNextStartCountsFromTheGrant() throws Exception {
        // given the same, but A never says when its request was sent
        RedisPacer a = pacer(new RecordingSleeper(), true);
        RecordingSleeper sleepsOfB = new RecordingSleeper();
        RedisPacer b = pacer(sleepsOfB, true);
        RedisPermit first = a.acquire();
        Thread.sleep(150);

        // when B asks, then it starts at once: a spacing has passed since A's grant
        RedisPermit second = b.acquire();
        assertThat(sleepsOfB.sleeps()).isEmpty();
        first.close();
        second.close();
    }

    @Test
    void startsOfTwoProcessesAreSpacedSixtySecondsOverRpmPlusTheMarginOnRedisTime() throws Exception {
        // given two processes at 600 RPM with the default margin, and two without
        RedisPacer a = pacer(new RecordingSleeper(), true);
        RedisPacer b = pacer(new RecordingSleeper(), true);

        // when they start one after the other
        Instant first = startAndClose(a);
        Instant second = startAndClose(b);
        Instant third = startAndClose(a);

        // then each start came at least 101.5 ms after the one before it
        assertThat(SPACING).isEqualTo(Duration.ofNanos(101_500_000));
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(SPACING);
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(SPACING);
    }

    @Test
    void withoutTheMarginTheSpacingIsExactlySixtySecondsOverRpm() throws Exception {
        // given a pacer told not to add the margin, that just started a request
        RecordingSleeper sleeps = new RecordingSleeper();
        RedisPacer pacer = pacer(sleeps, false);
        Instant first = startAndClose(pacer);

        // when the next asks at once
        Instant second = startAndClose(pacer);

        // then it waited no more than 100 ms (rounded up to the millisecond), and came at least 100 ms later
        assertThat(sleeps.sleeps()).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(100)));
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aStartPacedLocallyWhileRedisIsDownIsMarkedSentOnTheLocalPacer() throws Exception {
        // given Redis unavailable: starts are paced locally at half of 600 RPM (202 ms apart with the margin)
        RedisServerProcess server = redis.closeAfterTest(RedisServerProcess.start());
        server.stop();
        FakeClock clock = FakeClock.advancingOnSleep();
        RedisPacer pacer = redis.connect(RedisPacers.builder(server.uri())
                        .withTimeout(Duration.ofSeconds(1))
                        .withTimeSource(clock)
                        .withSleeper(clock))
                .pacerFor(redis.key(), Tier.custom(600));
        RedisPermit first = pacer.acquire();
        assertThat(first.coordinated()).isFalse();

        // when its request leaves 500 ms after its grant
        clock.advance(Duration.ofMillis(500));
        first.markSent();
        first.close();

        // then the next local start waits a spacing from then
        pacer.acquire().close();
        assertThat(clock.sleeps()).containsExactly(Duration.ofNanos(WindowRules.spacing(300, true)));
    }

    private static Instant startOf(RedisPermit permit) {
        return permit.scheduledStart().orElseThrow();
    }

    private static Instant startAndClose(RedisPacer pacer) throws InterruptedException {
        try (RedisPermit permit = pacer.acquire()) {
            permit.markSent();
            return startOf(permit);
        }
    }

    private static Duration total(List<Duration> sleeps) {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    private RedisPacer pacer(Sleeper sleeper, boolean margin) {
        return redis.pacer(
                Tier.custom(600), settings -> settings.withSleeper(sleeper).withSpacingMargin(margin));
    }
}
