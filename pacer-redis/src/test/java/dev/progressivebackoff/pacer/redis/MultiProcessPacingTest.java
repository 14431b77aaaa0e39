package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.support.WorkerJvms;
import dev.progressivebackoff.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Separate JVMs sharing one key through Redis, as workers on several machines would. Bounded in time: each
 * test takes well under 30 s.
 */
class MultiProcessPacingTest {

    private static final int WORKERS = 3;
    private static final int RPM = 600;

    /** One sample started by one worker. */
    record Sample(int worker, int id, boolean coordinated, long redisMicros, long localMicros) {

        static Sample parse(WorkerJvms.Line line) {
            String[] parts = line.text().split(" ");
            return new Sample(
                    line.worker(),
                    Integer.parseInt(parts[1]),
                    parts[2].equals("1"),
                    Long.parseLong(parts[3]),
                    Long.parseLong(parts[4]));
        }
    }

    @Test
    void threeProcessesSharingAKeyAt600RpmTogetherNeverExceedTheQuotaAndGetFairShares() throws Exception {
        // given three worker JVMs with four threads each, on one key at 600 RPM, for about 12 s
        String redis = TestRedis.uri().toString();
        String endpoint = "https://api.multi-" + UUID.randomUUID() + ".example/v1";
        long deadline = System.currentTimeMillis() + 12_000;
        List<List<String>> arguments = new ArrayList<>();
        for (int worker = 0; worker < WORKERS; worker++) {
            arguments.add(List.of(
                    redis,
                    endpoint,
                    Integer.toString(RPM),
                    "4",
                    Integer.toString(WORKERS),
                    Integer.toString(worker),
                    Integer.toString(WORKERS),
                    "1000000",
                    Long.toString(deadline),
                    "2000"));
        }

        // when they run
        List<Sample> samples;
        try (WorkerProcesses workers = WorkerProcesses.start(arguments, line -> {})) {
            workers.awaitExit(25);
            samples = samples(workers.lines());
        }

        // then over the time all three ran, starts came no faster than the quota, by Redis's clock and by the
        // machine's, and each worker got a fair share
        assertThat(samples).allMatch(Sample::coordinated);
        long from = firstOfEach(samples, Sample::localMicros).values().stream()
                .max(Long::compare)
                .orElseThrow();
        long to = lastOfEach(samples, Sample::localMicros).values().stream()
                .min(Long::compare)
                .orElseThrow();
        assertThat(Duration.ofNanos((to - from) * 1000))
                .as("time all workers ran together")
                .isGreaterThan(Duration.ofSeconds(4));
        List<Sample> together = samples.stream()
                .filter(s -> s.localMicros() >= from && s.localMicros() <= to)
                .toList();
        double localRpm =
                ratePerMinute(together.stream().map(Sample::localMicros).toList());
        double redisRpm =
                ratePerMinute(together.stream().map(Sample::redisMicros).toList());
        Map<Integer, Long> perWorker =
                together.stream().collect(Collectors.groupingBy(Sample::worker, Collectors.counting()));
        double fairness = jain(perWorker.values());
        System.out.printf(
                "multi-process: %d workers, %d starts together over %.1f s: %.1f RPM (local clock), "
                        + "%.1f RPM (Redis clock), quota %d; per worker %s; Jain's fairness index %.4f%n",
                WORKERS, together.size(), (to - from) / 1e6, localRpm, redisRpm, RPM, perWorker, fairness);
        // never faster than the quota allows; how close to it they get is measured by `backoff bench --workers`
        // (a loaded CI machine only slows starts down, so the lower bound here is a sanity check)
        assertThat(localRpm).isBetween(RPM * 0.8, RPM * 1.05);
        assertThat(redisRpm).isBetween(RPM * 0.8, RPM * 1.05);
        assertThat(perWorker).hasSize(WORKERS);
        assertThat(fairness).isGreaterThan(0.95);
    }

    @Test
    void whenRedisStopsAndRestartsMidRunEveryWorkerRecoversAndEverySampleStartsExactlyOnce() throws Exception {
        // given a private Redis, and three worker JVMs sharing 150 samples at 600 RPM, probing every 200 ms
        try (RedisServerProcess server = RedisServerProcess.start()) {
            String endpoint = "https://api.outage-" + UUID.randomUUID() + ".example/v1";
            long deadline = System.currentTimeMillis() + 25_000;
            int total = 150;
            List<List<String>> arguments = new ArrayList<>();
            for (int worker = 0; worker < WORKERS; worker++) {
                arguments.add(List.of(
                        server.uri().toString(),
                        endpoint,
                        Integer.toString(RPM),
                        "2",
                        Integer.toString(WORKERS),
                        Integer.toString(worker),
                        Integer.toString(WORKERS),
                        Integer.toString(total),
                        Long.toString(deadline),
                        "200"));
            }
            CountDownLatch beforeOutage = new CountDownLatch(40);
            CountDownLatch duringOutage = new CountDownLatch(70);

            // when Redis stops after 40 samples and starts again after 70
            List<WorkerJvms.Line> lines;
            try (WorkerProcesses workers = WorkerProcesses.start(arguments, line -> {
                if (line.text().startsWith("SAMPLE")) {
                    beforeOutage.countDown();
                    duringOutage.countDown();
                }
            })) {
                assertThat(beforeOutage.await(20, TimeUnit.SECONDS))
                        .as("40 samples started")
                        .isTrue();
                server.stop();
                assertThat(duringOutage.await(20, TimeUnit.SECONDS))
                        .as("70 samples started")
                        .isTrue();
                server.startAgain();
                workers.awaitExit(25);
                lines = workers.lines();
            }

            // then every sample started exactly once, every worker warned and recovered, and the last starts
            // were coordinated again
            List<Sample> samples = samples(lines);
            assertThat(samples).extracting(Sample::id).doesNotHaveDuplicates().hasSize(total);
            assertThat(samples).anyMatch(s -> !s.coordinated());
            for (int worker = 0; worker < WORKERS; worker++) {
                int w = worker;
                List<String> events = lines.stream()
                        .filter(l -> l.worker() == w && l.text().startsWith("EVENT"))
                        .map(WorkerJvms.Line::text)
                        .toList();
                // one outage is staged; a loaded machine may add one more (a connection that times out while
                // the worker starts), so the events are warning/recovery pairs, at least one, ending recovered
                assertThat(events).as("events of worker %d", w).isNotEmpty();
                assertThat(events.size() % 2)
                        .as("events of worker %d come in pairs: %s", w, events)
                        .isZero();
                for (int i = 0; i < events.size(); i += 2) {
                    assertThat(events.get(i)).contains("WARNING", "unavailable");
                    assertThat(events.get(i + 1)).contains("shared pacing resumed");
                }
                Sample last = samples.stream()
                        .filter(s -> s.worker() == w)
                        .max(Comparator.comparingLong(Sample::localMicros))
                        .orElseThrow();
                assertThat(last.coordinated())
                        .as("last start of worker %d coordinated", w)
                        .isTrue();
            }
        }
    }

    private static List<Sample> samples(List<WorkerJvms.Line> lines) {
        return lines.stream()
                .filter(line -> line.text().startsWith("SAMPLE "))
                .map(Sample::parse)
                .toList();
    }

    private static Map<Integer, Long> firstOfEach(
            List<Sample> samples, java.util.function.ToLongFunction<Sample> time) {
        Map<Integer, Long> first = new HashMap<>();
        samples.forEach(s -> first.merge(s.worker(), time.applyAsLong(s), Math::min));
        return first;
    }

    private static Map<Integer, Long> lastOfEach(List<Sample> samples, java.util.function.ToLongFunction<Sample> time) {
        Map<Integer, Long> last = new HashMap<>();
        samples.forEach(s -> last.merge(s.worker(), time.applyAsLong(s), Math::max));
        return last;
    }

    /** Starts per minute between the first and the last of {@code micros}. */
    private static double ratePerMinute(List<Long> micros) {
        long first = micros.stream().min(Long::compare).orElseThrow();
        long last = micros.stream().max(Long::compare).orElseThrow();
        return (micros.size() - 1) * 60e6 / (last - first);
    }

    /** Jain's fairness index: (Σx)² / (n·Σx²); 1 when every worker got the same share. */
    static double jain(java.util.Collection<Long> shares) {
        double sum = shares.stream().mapToDouble(Long::doubleValue).sum();
        double squares = shares.stream().mapToDouble(x -> (double) x * x).sum();
        return sum * sum / (shares.size() * squares);
    }
}
