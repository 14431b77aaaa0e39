package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPacerSpacingTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-spacing");

    @Test
    void startsOfSeveralProcessesSharingAKeyAreSpacedAtSixtyOverRpmOnRedisTime() throws Exception {
        // given three "processes" (own connections) with two threads each, at 6,000 RPM (one start per 10 ms)
        List<RedisPacer> pacers = new ArrayList<>();
        for (int process = 0; process < 3; process++) {
            pacers.add(redis.pacer(Tier.custom(6000)));
        }
        List<Instant> starts = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Callable<Void>> work = new ArrayList<>();
        for (RedisPacer pacer : pacers) {
            for (int thread = 0; thread < 2; thread++) {
                work.add(() -> {
                    for (int i = 0; i < 10; i++) {
                        try (RedisPermit permit = pacer.acquire()) {
                            starts.add(permit.scheduledStart().orElseThrow());
                        }
                    }
                    return null;
                });
            }
        }
        long began = System.nanoTime();

        // when they all acquire at once
        for (Future<Void> done : threads.invokeAll(work)) {
            done.get();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        threads.shutdown();

        // then Redis gave 60 distinct starts, at least 10 ms apart on its clock, and they took that long
        List<Instant> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(60).doesNotHaveDuplicates();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(Duration.between(sorted.get(i - 1), sorted.get(i)))
                    .as("gap before start %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(10));
        }
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(590));
    }

    @Test
    void aPacerAloneStartsAtOnceWhenNothingIsQueued() throws Exception {
        // given an idle key
        FakeClock clock = FakeClock.advancingOnSleep();
        RedisPacer pacer = redis.pacer(
                TestRedis.uniqueKey("sk-idle"),
                Tier.custom(60),
                settings -> settings.withSleeper(clock).withTimeSource(clock));

        // when a request asks to start
        try (RedisPermit permit = pacer.acquire()) {
            // then it starts without waiting, at a time Redis chose
            assertThat(permit.coordinated()).isTrue();
            assertThat(permit.scheduledStart()).isPresent();
        }
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aBurstLetsThatManyStartBackToBackThenSpacesTheNext() throws Exception {
        // given a burst of 3 at 60 RPM (one start a second)
        RecordingSleeper clock = new RecordingSleeper();
        RedisPacer pacer = redis.pacer(
                TestRedis.uniqueKey("sk-burst"),
                Tier.custom(60),
                settings -> settings.withBurst(3).withSpacingMargin(false).withSleeper(clock));

        // when four requests start
        for (int i = 0; i < 3; i++) {
            pacer.acquire().close();
        }
        assertThat(clock.sleeps()).isEmpty();
        pacer.acquire().close();

        // then the fourth waited about a second (less the time the first three took)
        clock.assertWaitedOnceBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
    }

    @Test
    void aStartFurtherThanTheRecheckIntervalIsAskedForAgainMeanwhile() throws Exception {
        // given 600 RPM (100 ms apart) and a recheck interval of 40 ms
        RecordingSleeper sleeper = new RecordingSleeper();
        RedisPacer pacer = redis.pacer(
                TestRedis.uniqueKey("sk-recheck"),
                Tier.custom(600),
                settings -> settings.withRecheckInterval(Duration.ofMillis(40)).withSleeper(sleeper));
        Instant first;
        try (RedisPermit permit = pacer.acquire()) {
            first = permit.scheduledStart().orElseThrow();
        }

        // when the next request asks at once
        Instant second;
        try (RedisPermit permit = pacer.acquire()) {
            second = permit.scheduledStart().orElseThrow();
        }

        // then it slept at most the recheck interval at a time, asking again in between
        assertThat(sleeper.sleeps()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sleeper.sleeps()).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(40)));
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aScriptRedisForgotIsSentAgain() throws Exception {
        // given a pacer that has run its script, then Redis forgot every script
        FakeClock clock = FakeClock.advancingOnSleep();
        RedisPacer pacer = redis.pacer(
                TestRedis.uniqueKey("sk-noscript"),
                Tier.custom(6000),
                settings -> settings.withSleeper(clock).withTimeSource(clock));
        pacer.acquire().close();
        TestRedis.with(redis.uri(), connection -> connection.sync().scriptFlush());

        // when it acquires again
        try (RedisPermit permit = pacer.acquire()) {
            // then the start is still coordinated, and Redis knows the script again
            assertThat(permit.coordinated()).isTrue();
        }
        assertThat(pacer.isCoordinated()).isTrue();
        String sha =
                dev.progressivebackoff.pacer.redis.internal.PacerScript.load().sha();
        List<Boolean> known =
                TestRedis.with(redis.uri(), connection -> connection.sync().scriptExists(sha));
        assertThat(known).containsExactly(true);
    }

    @Test
    void requestsInFlightAreCappedPerProcessAtItsShareOfTheTiersConcurrency() throws Exception {
        // given a tier allowing 4 in flight, shared by 2 expected workers: 2 per process
        RedisPacer pacer = redis.pacer(
                TestRedis.uniqueKey("sk-concurrency"),
                Tier.of("t", 60_000, 4),
                settings -> settings.withExpectedWorkers(2));
        Permit first = pacer.acquire();
        Permit second = pacer.acquire();
        assertThat(pacer.state().maxConcurrency()).hasValue(2);

        // when a third asks
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<RedisPermit> third = thread.submit(() -> pacer.acquire());
        Eventually.holds(() -> pacer.state().waiting() == 1);
        assertThat(third).isNotDone();

        // then it gets in once one of the two ends
        first.close();
        third.get().close();
        second.close();
        assertThat(pacer.state().inFlight()).isZero();
        thread.shutdown();
    }
}
