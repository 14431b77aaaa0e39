package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis grants a start only when it is due, never ahead: a caller that wakes late, or a hold declared by
 * another process while a caller waits, cannot let two starts reach the server closer than the spacing.
 */
class RedisPacerDueStartTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-due");

    @Test
    void aCallerThatWakesLateStartsWhenItReallyStartsAndTheNextIsSpacedFromThere() throws Exception {
        // given three processes at 600 RPM (100 ms apart); B's sleeps overrun by 50 ms (a loaded machine)
        Sleeper oversleeping = duration -> SystemSleeper.INSTANCE.sleep(duration.plusMillis(50));
        RedisPacer a = pacer(new RecordingSleeper());
        RedisPacer b = pacer(oversleeping);
        RedisPacer c = pacer(new RecordingSleeper());
        Instant first = startOf(a);

        // when B waits for the next start (and wakes late), then C asks right after it
        Instant late = startOf(b);
        Instant next = startOf(c);

        // then B's start is when it really woke (its ~100 ms wait, less the time it took to ask, plus 50 ms),
        // not the 100 ms mark, and C's comes a full spacing after B's, not 50 ms after it
        assertThat(Duration.between(first, late)).isGreaterThanOrEqualTo(Duration.ofMillis(130));
        assertThat(Duration.between(late, next)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aSpentWindowSeenByAnotherProcessHoldsACallerAlreadyWaitingForItsStart() throws Exception {
        // given two processes at 600 RPM; while B waits for its start, A learns that nothing remains for 700 ms
        RedisPacer a = pacer(new RecordingSleeper());
        AtomicBoolean told = new AtomicBoolean();
        Sleeper tellingAOnFirstWait = duration -> {
            if (told.compareAndSet(false, true)) {
                a.observe(Signals.requestsLeft(0, Duration.ofMillis(700)));
            }
            SystemSleeper.INSTANCE.sleep(duration);
        };
        RedisPacer b = pacer(tellingAOnFirstWait);
        Instant first = startOf(a);

        // when B's wait ends
        Instant held = startOf(b);

        // then B did not start 100 ms after A, but after the reset
        assertThat(told).isTrue();
        assertThat(Duration.between(first, held)).isGreaterThanOrEqualTo(Duration.ofMillis(650));
    }

    private static Instant startOf(RedisPacer pacer) throws InterruptedException {
        try (RedisPermit permit = pacer.acquire()) {
            return permit.scheduledStart().orElseThrow();
        }
    }

    private RedisPacer pacer(Sleeper sleeper) {
        return redis.pacer(Tier.custom(600), settings -> settings.withSleeper(sleeper));
    }
}
