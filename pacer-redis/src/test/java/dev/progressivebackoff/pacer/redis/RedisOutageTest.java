package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.pacing.WindowRules;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.RedisServerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisOutageTest {

    private final RateLimitKey key = TestRedis.uniqueKey("sk-outage");
    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final EventRecorder events = new EventRecorder();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void whenRedisStopsMidRunThePacerWarnsOncePacesLocallyAtTheWorkersShareAndResumesWhenItReturns() throws Exception {
        // given a pacer at 600 RPM shared by 2 expected workers, coordinated through Redis
        RedisServerProcess server = server();
        RedisPacer pacer = connect(onFakeClock(server.uri())
                        .withFailureMode(RedisFailureMode.FALLBACK_LOCAL)
                        .withExpectedWorkers(2)
                        .withProbeInterval(Duration.ofSeconds(2)))
                .pacerFor(key, Tier.custom(600));
        assertThat(acquireAndClose(pacer).coordinated()).isTrue();

        // when Redis stops
        server.stop();
        clock.clearSleeps();
        List<RedisPermit> duringOutage =
                List.of(acquireAndClose(pacer), acquireAndClose(pacer), acquireAndClose(pacer));

        // then one warning, and starts paced locally at 300 RPM (200 ms apart, plus the margin: 202 ms)
        assertThat(duringOutage).noneMatch(RedisPermit::coordinated);
        assertThat(pacer.isCoordinated()).isFalse();
        assertThat(events.events()).singleElement().isInstanceOfSatisfying(CoordinationEvent.Lost.class, lost -> {
            assertThat(lost.target())
                    .isEqualTo("redis://127.0.0.1:" + server.uri().getPort() + "/0");
            assertThat(lost.message()).contains("WARNING", "unavailable", "1/2 of each key's quota");
        });
        Duration spacing = Duration.ofNanos(WindowRules.spacing(300, true));
        assertThat(spacing).isEqualTo(Duration.ofMillis(202));
        assertThat(clock.sleeps()).containsExactly(spacing, spacing);

        // when Redis comes back and the probe interval passes
        server.startAgain();
        clock.advance(Duration.ofSeconds(2));

        // then the next start is coordinated again, and that is reported once
        assertThat(acquireAndClose(pacer).coordinated()).isTrue();
        assertThat(events.events()).hasSize(2);
        assertThat(events.events().get(1))
                .isInstanceOfSatisfying(
                        CoordinationEvent.Resumed.class,
                        resumed -> assertThat(resumed.outage()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void redisIsNotTriedAgainBeforeTheProbeInterval() throws Exception {
        // given Redis went away and came back
        RedisServerProcess server = server();
        RedisPacer pacer = connect(onFakeClock(server.uri()).withProbeInterval(Duration.ofSeconds(5)))
                .pacerFor(key, Tier.custom(6000));
        server.stop();
        assertThat(acquireAndClose(pacer).coordinated()).isFalse();
        server.startAgain();

        // when the next starts come before the probe is due, then they stay local
        assertThat(acquireAndClose(pacer).coordinated()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(acquireAndClose(pacer).coordinated()).isTrue();
    }

    @Test
    void inStopModeAnOutageIsThrownClearlyAndWorkResumesWhenRedisReturns() throws Exception {
        // given a pacer in STOP mode
        RedisServerProcess server = server();
        RedisPacer pacer = connect(onFakeClock(server.uri()).withFailureMode(RedisFailureMode.STOP))
                .pacerFor(key, Tier.custom(6000));
        acquireAndClose(pacer);

        // when Redis stops, then acquiring throws, holding nothing
        server.stop();
        assertThatThrownBy(() -> pacer.acquire())
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("redis://127.0.0.1:" + server.uri().getPort() + "/0")
                .hasMessageContaining("no request was started");
        assertThat(pacer.state().inFlight()).isZero();
        assertThat(events.events()).singleElement().isInstanceOf(CoordinationEvent.Lost.class);

        // when it comes back, then the next acquire works without waiting for a probe interval
        server.startAgain();
        assertThat(acquireAndClose(pacer).coordinated()).isTrue();
        assertThat(events.events()).last().isInstanceOf(CoordinationEvent.Resumed.class);
    }

    @Test
    void anUnreachableRedisAtStartIsReportedAndPacedLocallyInFallbackMode() throws Exception {
        // given nothing listens where Redis should be
        RedisServerProcess server = server();
        server.stop();

        // when connecting in FALLBACK_LOCAL mode
        RedisPacer pacer = connect(onFakeClock(server.uri())).pacerFor(key, Tier.custom(600));

        // then the outage is reported, and requests are paced locally
        assertThat(events.events()).singleElement().isInstanceOf(CoordinationEvent.Lost.class);
        assertThat(acquireAndClose(pacer).coordinated()).isFalse();
    }

    @Test
    void whileRedisIsDownTheFallbackPacesTokensAtTheWorkersShareOfTheTpm() throws Exception {
        // given Redis down, 60,000 TPM shared by 2 expected workers: 30,000 a minute locally, requests far from binding
        RedisPacer pacer =
                unreachable(2, Tier.custom(600_000).withTokenLimits(OptionalLong.of(60_000), OptionalLong.empty()));

        // when two requests of 20,000 tokens go, each sent at once and settled to its estimate
        sendAndSettle(pacer, 20_000);
        Duration firstAfter = clock.elapsed();
        sendAndSettle(pacer, 20_000);

        // then the first starts at once, and the second is held until the first leaves the minute (plus the
        // counting margin of 1 ms + 0.5 %): the 40,000 would fit the whole TPM, not this process's share
        assertThat(firstAfter).isLessThan(Duration.ofMillis(1));
        assertThat(clock.elapsed()).isBetween(Duration.ofSeconds(60), Duration.ofMillis(60_302));
    }

    @Test
    void whileRedisIsDownARequestLargerThanTheShareButNotTheTpmWaitsForTheWholeShareNotRefused() throws Exception {
        // given Redis down, 60,000 TPM shared by 4 expected workers: 15,000 a minute locally
        RedisPacer pacer =
                unreachable(4, Tier.custom(600_000).withTokenLimits(OptionalLong.of(60_000), OptionalLong.empty()));

        // when a request of 40,000 tokens goes, then one of a single token
        sendAndSettle(pacer, 40_000);
        Duration firstAfter = clock.elapsed();
        sendAndSettle(pacer, 1);

        // then the large one takes the whole empty share at once, and the next waits for it to leave the minute
        assertThat(firstAfter).isLessThan(Duration.ofMillis(1));
        assertThat(clock.elapsed()).isBetween(Duration.ofSeconds(60), Duration.ofMillis(60_302));
    }

    @Test
    void anUnreachableRedisAtStartIsThrownInStopMode() {
        // given nothing listens where Redis should be
        RedisServerProcess server = server();
        server.stop();

        // when connecting in STOP mode, then it fails at once, clearly
        assertThatThrownBy(() -> RedisPacers.builder(server.uri())
                        .withFailureMode(RedisFailureMode.STOP)
                        .withCoordinationLogging(false)
                        .onCoordination(events)
                        .build())
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining(
                        "Redis at redis://127.0.0.1:" + server.uri().getPort() + "/0 is unavailable");
    }

    @Test
    void everySampleIsPacedExactlyOnceAcrossAnOutage() throws Exception {
        // given four workers pacing samples at 6,000 RPM in real time, probing every 100 ms
        RedisServerProcess server = server();
        RedisPacer pacer = connect(RedisPacers.builder(server.uri())
                        .withProbeInterval(Duration.ofMillis(100))
                        .withTimeSource(SystemTimeSource.INSTANCE)
                        .withSleeper(SystemSleeper.INSTANCE))
                .pacerFor(key, Tier.custom(6000));
        ConcurrentMap<Integer, Boolean> done = new ConcurrentHashMap<>();
        List<Integer> duplicates = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(4);

        // when samples 0-29 run with Redis up, 30-59 with Redis down, 60-119 after it came back
        run(workers, pacer, 0, 30, done, duplicates);
        server.stop();
        run(workers, pacer, 30, 60, done, duplicates);
        server.startAgain();
        run(workers, pacer, 60, 120, done, duplicates);
        workers.shutdown();

        // then each sample started exactly once, and the last ones were coordinated again
        assertThat(duplicates).isEmpty();
        assertThat(done).hasSize(120);
        assertThat(done.entrySet()).filteredOn(e -> e.getKey() < 30).allMatch(e -> e.getValue());
        assertThat(done.entrySet())
                .filteredOn(e -> e.getKey() >= 30 && e.getKey() < 60)
                .noneMatch(e -> e.getValue());
        assertThat(done.get(119)).isTrue();
        assertThat(events.events())
                .hasSize(2)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Lost", "Resumed");
    }

    private void run(
            ExecutorService workers,
            RedisPacer pacer,
            int from,
            int to,
            ConcurrentMap<Integer, Boolean> done,
            List<Integer> duplicates)
            throws Exception {
        List<Callable<Void>> samples = new ArrayList<>();
        for (int id = from; id < to; id++) {
            int sample = id;
            samples.add(() -> {
                try (RedisPermit permit = pacer.acquire()) {
                    if (done.putIfAbsent(sample, permit.coordinated()) != null) {
                        synchronized (duplicates) {
                            duplicates.add(sample);
                        }
                    }
                }
                return null;
            });
        }
        for (Future<Void> sample : workers.invokeAll(samples)) {
            sample.get();
        }
    }

    private RedisServerProcess server() {
        RedisServerProcess server = RedisServerProcess.start();
        opened.add(server);
        return server;
    }

    private RedisPacers connect(RedisPacersBuilder builder) {
        RedisPacers pacers = builder.withTimeout(Duration.ofSeconds(1))
                .withCoordinationLogging(false)
                .onCoordination(events)
                .build();
        opened.add(0, pacers);
        return pacers;
    }

    private RedisPacersBuilder onFakeClock(URI redis) {
        return RedisPacers.builder(redis).withTimeSource(clock).withSleeper(clock);
    }

    /** A pacer for {@code tier} whose Redis is down from the start, with {@code workers} expected workers. */
    private RedisPacer unreachable(int workers, Tier tier) {
        RedisServerProcess server = server();
        server.stop();
        return connect(onFakeClock(server.uri()).withExpectedWorkers(workers)).pacerFor(key, tier);
    }

    private static void sendAndSettle(RedisPacer pacer, long tokens) throws InterruptedException {
        try (RedisPermit permit = pacer.acquire(tokens)) {
            assertThat(permit.coordinated()).isFalse();
            permit.markSent();
            permit.settle(tokens);
        }
    }

    private static RedisPermit acquireAndClose(RedisPacer pacer) throws InterruptedException {
        RedisPermit permit = pacer.acquire();
        permit.close();
        return permit;
    }
}
