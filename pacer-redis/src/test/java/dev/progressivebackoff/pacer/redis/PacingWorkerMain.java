package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker process of the multi-process tests: paces its shard of samples through a {@link RedisPacer}
 * on a shared key and prints one line per sample started:
 * {@code SAMPLE <id> <coordinated 1|0> <redis start µs or -1> <local wall-clock µs>}, and one line per
 * coordination event: {@code EVENT <message>}. Exits 0 when its shard is done or its deadline passed.
 *
 * <p>Arguments: redisUrl endpoint rpm threads expectedWorkers firstId step endId deadlineEpochMillis
 * probeMillis.
 */
public final class PacingWorkerMain {

    private PacingWorkerMain() {}

    public static void main(String[] args) throws Exception {
        URI redis = URI.create(args[0]);
        RateLimitKey key = new RateLimitKey(args[1], "0123456789ab");
        int rpm = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int workers = Integer.parseInt(args[4]);
        List<Integer> shard = new ArrayList<>();
        for (int id = Integer.parseInt(args[5]); id < Integer.parseInt(args[7]); id += Integer.parseInt(args[6])) {
            shard.add(id);
        }
        long deadline = Long.parseLong(args[8]);
        Duration probe = Duration.ofMillis(Long.parseLong(args[9]));
        PrintStream out = System.out;
        try (RedisPacers pacers = RedisPacers.builder(redis)
                .withExpectedWorkers(workers)
                .withProbeInterval(probe)
                .withTimeout(Duration.ofMillis(500))
                .withCoordinationLogging(false)
                .onCoordination(event -> println(out, "EVENT " + event.message()))
                .build()) {
            RedisPacer pacer = pacers.pacerFor(key, Tier.custom(rpm));
            AtomicInteger next = new AtomicInteger();
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> work(pacer, shard, next, deadline, out), "worker-" + t);
                thread.start();
                running.add(thread);
            }
            for (Thread thread : running) {
                thread.join();
            }
        }
        out.flush();
    }

    private static void work(
            RedisPacer pacer, List<Integer> shard, AtomicInteger next, long deadline, PrintStream out) {
        while (System.currentTimeMillis() < deadline) {
            int index = next.getAndIncrement();
            if (index >= shard.size()) {
                return;
            }
            try (RedisPermit permit = pacer.acquire()) {
                long local = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                long redisStart = permit.scheduledStart()
                        .map(s -> ChronoUnit.MICROS.between(Instant.EPOCH, s))
                        .orElse(-1L);
                println(
                        out,
                        "SAMPLE " + shard.get(index) + " " + (permit.coordinated() ? 1 : 0) + " " + redisStart + " "
                                + local);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void println(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
