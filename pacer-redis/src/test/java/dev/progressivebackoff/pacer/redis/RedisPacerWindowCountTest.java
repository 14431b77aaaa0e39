package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A window's announced {@code remaining} count, learnt by any process from the response to a start it was
 * granted, is spent at once by every process on the key, never beyond it in total, and then every start is
 * held until the window's end. At 120 RPM any start a count does not let through waits half a second (and
 * the margin) after the one before; the windows here last longer.
 */
class RedisPacerWindowCountTest {

    // "at once" against a 1.2 s window: generous enough for a loaded 2-core machine (Redis runs on its real
    // clock), far from the window that a start not taken at once would wait for
    private static final Duration AT_ONCE = Duration.ofMillis(300);
    private static final Duration WINDOW = Duration.ofMillis(1200);

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-count");

    private final RecordingSleeper sleepsOfA = new RecordingSleeper();
    private final RecordingSleeper sleepsOfB = new RecordingSleeper();

    @Test
    void aCountObservedByOneProcessIsSpentByTwoTogetherWithoutExceedingItThenBothHoldUntilTheWindowsEnd()
            throws Exception {
        // given two processes at 120 RPM; A's first response says 4 more requests are admitted in a window
        // ending in 1.2 s
        RedisPacer a = pacer(sleepsOfA, 1);
        RedisPacer b = pacer(sleepsOfB, 1);
        RedisPermit first = a.acquire();
        first.markSent();
        a.observe(first, Signals.requestsLeft(4, WINDOW));
        first.close();

        // when three threads of A and two of B ask for a start at the same time
        List<Callable<Instant>> callers = new ArrayList<>();
        for (int thread = 0; thread < 5; thread++) {
            RedisPacer process = thread < 3 ? a : b;
            callers.add(() -> {
                try (RedisPermit permit = process.acquire()) {
                    permit.markSent(); // a counted start moves nothing
                    return permit.scheduledStart().orElseThrow();
                }
            });
        }
        List<Instant> starts = startsOf(callers);

        // then four started at once, across both processes, and the fifth only at the window's end
        Instant opened = first.scheduledStart().orElseThrow();
        for (int i = 0; i < 4; i++) {
            assertThat(Duration.between(opened, starts.get(i)))
                    .as("start %d", i)
                    .isLessThan(AT_ONCE);
        }
        assertThat(Duration.between(opened, starts.get(4))).isBetween(WINDOW.minus(AT_ONCE), WINDOW.plus(AT_ONCE));
    }

    @Test
    void theOlderRequestsStillInFlightInAnyProcessAreTakenOffTheCount() throws Exception {
        // given a burst of 2: A started a request still in flight, then B one whose response says 3 remain
        RedisPacer a = pacer(sleepsOfA, 2);
        RedisPacer b = pacer(sleepsOfB, 2);
        RedisPermit older = a.acquire();
        RedisPermit answered = b.acquire();
        b.observe(answered, Signals.requestsLeft(3, WINDOW));
        answered.close();

        // when both start what they can at once
        Instant opened = answered.scheduledStart().orElseThrow();
        Instant third = startOf(a);
        Instant fourth = startOf(b);
        Instant fifth = startOf(a);
        older.close();

        // then only two more started at once: A's older request may be counted after B's, so it spends one
        assertThat(Duration.between(opened, third)).isLessThan(AT_ONCE);
        assertThat(Duration.between(opened, fourth)).isLessThan(AT_ONCE);
        assertThat(Duration.between(opened, fifth)).isBetween(WINDOW.minus(AT_ONCE), WINDOW.plus(AT_ONCE));
    }

    @Test
    void anOlderRequestThatEndedIsNotTakenOffTheCount() throws Exception {
        // given a burst of 2: two requests of A, the older ended (without a response to observe), and the
        // newer's response says 3 remain
        RedisPacer a = pacer(sleepsOfA, 2);
        RedisPermit older = a.acquire();
        RedisPermit answered = a.acquire();
        older.close();
        a.observe(answered, Signals.requestsLeft(3, WINDOW));
        answered.close();

        // when three more ask, then all three start at once
        Instant opened = answered.scheduledStart().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(Duration.between(opened, startOf(a))).as("start %d", i).isLessThan(AT_ONCE);
        }
        assertThat(sleepsOfA.sleeps()).isEmpty();
    }

    @Test
    void theResponseToAWindowsFirstRequestDatesItsEndFromWhenThatRequestWasSent() throws Exception {
        // given a quota of 5 a second whose reset is announced in whole seconds, rounded up (2 s); the
        // response to A's first request says 4 remain: it was the window's first
        RedisPacer a = pacer(sleepsOfA, 1);
        RedisPacer b = pacer(sleepsOfB, 1);
        RedisPermit first = a.acquire();
        first.markSent();
        a.observe(first, Signals.quota(5, Duration.ofSeconds(1), 4, Duration.ofSeconds(2)));
        first.close();

        // when A and B take turns starting
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            starts.add(startOf(i % 2 == 0 ? b : a));
        }

        // then four started at once, and the fifth when the window ended: one second (and the margin) after
        // the first request was sent, not two, nor half a second after the fourth
        Instant opened = first.scheduledStart().orElseThrow();
        for (int i = 0; i < 4; i++) {
            assertThat(Duration.between(opened, starts.get(i)))
                    .as("start %d", i)
                    .isLessThan(AT_ONCE);
        }
        assertThat(Duration.between(opened, starts.get(4))).isBetween(Duration.ofMillis(1006), Duration.ofMillis(1200));
    }

    @Test
    void a429WhileACountIsSpentStopsEveryProcessFromTrustingCounts() throws Exception {
        // given a count of 5 learnt by A, one of which B spent
        RedisPacer a = pacer(sleepsOfA, 1);
        RedisPacer b = pacer(sleepsOfB, 1);
        RedisPermit first = a.acquire();
        a.observe(first, Signals.requestsLeft(5, Duration.ofSeconds(10)));
        first.close();
        RedisPermit counted = b.acquire();
        assertThat(sleepsOfB.sleeps()).isEmpty();

        // when B's request meets a 429 anyway, and a later response announces a count again
        b.coolDown(Duration.ZERO);
        counted.close();
        a.observe(counted, Signals.requestsLeft(5, Duration.ofSeconds(10)));

        // then A's next start is paced again, at least half a second after B's
        Instant paced = startOf(a);
        assertThat(Duration.between(counted.scheduledStart().orElseThrow(), paced))
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(sleepsOfA.sleeps()).isNotEmpty();
    }

    private List<Instant> startsOf(List<Callable<Instant>> callers) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers.size());
        try {
            List<Instant> starts = new ArrayList<>();
            for (Future<Instant> start : threads.invokeAll(callers)) {
                starts.add(start.get());
            }
            Collections.sort(starts);
            return starts;
        } finally {
            threads.shutdown();
        }
    }

    private static Instant startOf(RedisPacer pacer) throws InterruptedException {
        try (RedisPermit permit = pacer.acquire()) {
            permit.markSent();
            return permit.scheduledStart().orElseThrow();
        }
    }

    private RedisPacer pacer(RecordingSleeper sleeper, int burst) {
        return redis.pacer(
                Tier.custom(120), settings -> settings.withBurst(burst).withSleeper(sleeper));
    }
}
