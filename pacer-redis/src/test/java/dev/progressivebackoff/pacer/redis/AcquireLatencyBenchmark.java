package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what one acquire costs: {@code N} concurrent workers (default 8) acquire and release permits on
 * one key as fast as they can, at a rate so high that nobody waits for a start, so each figure is the
 * overhead of the pacer itself (for the Redis pacer: one script round trip). Prints p50, p99, the
 * throughput and the Lua scripts run per acquire for the Redis pacer, for the alternative it was chosen over
 * (a Bucket4j bucket through Bucket4j's Lettuce backend, {@link Bucket4jArm}) and for the local pacer.
 *
 * <pre>
 * mvn -q -pl pacer-redis -am test-compile
 * mvn -q -pl pacer-redis exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.progressivebackoff.pacer.redis.AcquireLatencyBenchmark [-Dexec.args="8 5000"]
 * </pre>
 *
 * <p>Arguments: workers (default 8), acquires per worker (default 5000). Redis from {@code PB_REDIS_URL};
 * without it, a private server started for the run, like the tests' ({@link TestRedis}).
 */
public final class AcquireLatencyBenchmark {

    private static final int NO_WAIT_RPM = 1_000_000_000;

    private AcquireLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perWorker = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        URI redis = TestRedis.uri();
        RateLimitKey key = RateLimitKey.of("https://api.bench-" + UUID.randomUUID() + ".example/v1", "sk-bench");
        System.out.println(run(workers, perWorker, redis, key));
    }

    /** Runs the three measurements and describes them in a few lines. */
    static String run(int workers, int perWorker, URI redis, RateLimitKey key) throws Exception {
        StringBuilder report = new StringBuilder();
        try (RedisPacers pacers =
                RedisPacers.builder(redis).withCoordinationLogging(false).build()) {
            Pacer pacer = pacers.pacerFor(key, Tier.custom(NO_WAIT_RPM));
            report.append(describe(
                    "RedisPacer (Lua script, " + pacers.target() + ")",
                    workers,
                    measureAgainst(redis, () -> pacer.acquire().close(), workers, perWorker)));
        }
        try (Bucket4jArm bucket = Bucket4jArm.connect(redis, "progressive-backoff:bench:" + UUID.randomUUID())) {
            report.append('\n')
                    .append(describe(
                            "Bucket4j Lettuce backend (compare-and-swap)",
                            workers,
                            measureAgainst(redis, () -> bucket.acquire(), workers, perWorker)));
        }
        Pacer local = Pacer.builder().withRpm(NO_WAIT_RPM).build();
        measure(() -> local.acquire().close(), workers, Math.max(1, perWorker / 5));
        report.append('\n')
                .append(describe(
                        "local GcraPacer",
                        workers,
                        measure(() -> local.acquire().close(), workers, perWorker)));
        return report.toString();
    }

    /** One acquire (and release) of the arm measured. */
    @FunctionalInterface
    interface Acquire {
        void once() throws Exception;
    }

    /** Latencies in nanoseconds, the wall time they took, and Lua script runs per acquire (NaN if unknown). */
    record Measurement(long[] latencies, long wallNanos, double scriptsPerAcquire) {}

    /**
     * After a warm-up, measures {@code acquire}, counting the Lua scripts Redis ran meanwhile ({@code EVAL}
     * and {@code EVALSHA} calls): the pacer's one script per acquire, or Bucket4j's compare-and-swap attempts
     * (each a {@code GET} and a script), which multiply when workers contend for the key.
     */
    static Measurement measureAgainst(URI redis, Acquire acquire, int workers, int perWorker) throws Exception {
        measure(acquire, workers, Math.max(1, perWorker / 5));
        long before = scriptsRun(redis);
        Measurement measured = measure(acquire, workers, perWorker);
        double scripts = (scriptsRun(redis) - before) / (double) measured.latencies().length;
        return new Measurement(measured.latencies(), measured.wallNanos(), scripts);
    }

    private static long scriptsRun(URI redis) {
        String stats = TestRedis.with(redis, connection -> connection.sync().info("commandstats"));
        return stats.lines()
                .filter(line -> line.startsWith("cmdstat_eval:") || line.startsWith("cmdstat_evalsha:"))
                .mapToLong(line -> Long.parseLong(
                        line.replaceFirst("^[^:]*:calls=([0-9]+),.*$", "$1").trim()))
                .sum();
    }

    static Measurement measure(Acquire acquire, int workers, int perWorker) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Callable<long[]>> work = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                work.add(() -> {
                    long[] latencies = new long[perWorker];
                    for (int i = 0; i < perWorker; i++) {
                        long start = System.nanoTime();
                        acquire.once();
                        latencies[i] = System.nanoTime() - start;
                    }
                    return latencies;
                });
            }
            long began = System.nanoTime();
            List<Future<long[]>> results = threads.invokeAll(work);
            long wall = System.nanoTime() - began;
            long[] all = new long[workers * perWorker];
            int at = 0;
            for (Future<long[]> result : results) {
                long[] latencies = result.get();
                System.arraycopy(latencies, 0, all, at, latencies.length);
                at += latencies.length;
            }
            Arrays.sort(all);
            return new Measurement(all, wall, Double.NaN);
        } finally {
            threads.shutdown();
        }
    }

    static String describe(String name, int workers, Measurement measurement) {
        long[] sorted = measurement.latencies();
        String scripts = Double.isNaN(measurement.scriptsPerAcquire())
                ? ""
                : String.format(", %.2f Lua scripts run per acquire", measurement.scriptsPerAcquire());
        return String.format(
                "%s, %d workers on one key, %d acquires: p50 %.0f µs, p99 %.0f µs, max %.0f µs, " + "%.0f acquires/s%s",
                name,
                workers,
                sorted.length,
                percentile(sorted, 0.50) / 1e3,
                percentile(sorted, 0.99) / 1e3,
                sorted[sorted.length - 1] / 1e3,
                sorted.length / (measurement.wallNanos() / 1e9),
                scripts);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
