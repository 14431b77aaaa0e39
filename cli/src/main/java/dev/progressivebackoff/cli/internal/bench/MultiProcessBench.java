package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.support.WorkerJvms;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.SimulatedProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code backoff bench --workers N --redis URL}: one simulated provider enforcing the quota strictly (or the
 * setup's external endpoint), and N worker JVMs ({@link BenchWorkerMain}) with one throwaway API key
 * ({@code sk-bench-paced-redis-<8 hex>}) and {@code X-Bench-Run: paced-redis} on every request, each pacing
 * through the same Redis, each sending its share of the requests on {@code concurrency} threads. Measures the
 * aggregate rate against the quota, the 429s, and how fairly the workers shared the quota. Against the
 * simulated provider each worker first sends one warm-up request, and the attempts and 429s are the server's
 * counts; against an external endpoint nothing is sent before the start and they are the clients' counts.
 */
public final class MultiProcessBench {

    /** The longest a worker may run after the start, beyond the ideal time. */
    static final long EXTRA_SECONDS = 60;

    /** What the workers' requests carry in {@code X-Bench-Run}, and their key's label. */
    static final String RUN_LABEL = "paced-redis";

    private final BenchSetup setup;
    private final int workers;
    private final URI redis;
    private final TimeSource time;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * A benchmark of {@code workers} processes sharing {@code redis}, each with {@code setup}'s threads; the
     * start is timed on {@code time}, {@code sleeper} pauses between the workers' warm-up and the start, and
     * the API key is drawn from {@code random}.
     */
    public MultiProcessBench(
            BenchSetup setup, int workers, URI redis, TimeSource time, Sleeper sleeper, RandomGenerator random) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.workers = workers;
        this.redis = Objects.requireNonNull(redis, "redis");
        this.time = Objects.requireNonNull(time, "time");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Runs it.
     *
     * @throws IllegalStateException if a worker fails to start, fails or runs far too long (with its output)
     * @throws InterruptedException  if interrupted; the workers are killed
     */
    public MultiProcessResult run() throws InterruptedException {
        String apiKey = BenchClients.newApiKey(RUN_LABEL, random);
        if (setup.external()) {
            return runWorkers(setup.endpoint().orElseThrow(), apiKey, Optional.empty());
        }
        try (SimulatedProvider provider =
                BenchServers.strict(setup).withApiKey(apiKey).build()) {
            return runWorkers(provider.start().toString(), apiKey, Optional.of(provider));
        }
    }

    /** The workers against {@code endpoint}; the simulated provider, when it is the server, counts attempts. */
    private MultiProcessResult runWorkers(String endpoint, String apiKey, Optional<SimulatedProvider> provider)
            throws InterruptedException {
        List<List<String>> arguments = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            int share = setup.requests() / workers + (worker < setup.requests() % workers ? 1 : 0);
            arguments.add(List.of(
                    endpoint,
                    Integer.toString(setup.tier().requestsPerMinute()),
                    setup.tier().name(),
                    Integer.toString(setup.concurrency()),
                    Integer.toString(share),
                    redis.toString(),
                    Integer.toString(workers),
                    RUN_LABEL,
                    Boolean.toString(provider.isPresent())));
        }
        try (WorkerFleet fleet = WorkerFleet.start(arguments, apiKey)) {
            fleet.awaitReady();
            if (provider.isPresent()) {
                sleeper.sleep(setup.window().multipliedBy(2));
            }
            Optional<ProviderStats> before = provider.map(server -> server.stats(apiKey));
            fleet.go();
            long startMicros = time.now().toEpochMilli() * 1000;
            fleet.awaitExit(setup.ideal().toSeconds() + EXTRA_SECONDS);
            List<WorkerJvms.Line> lines = fleet.lines();
            if (provider.isPresent()) {
                ProviderStats after = provider.get().stats(apiKey);
                return summarise(
                        lines,
                        startMicros,
                        after.requests() - before.orElseThrow().requests(),
                        after.rateLimited() - before.orElseThrow().rateLimited());
            }
            return summarise(lines, startMicros, clientCount(lines, 3), clientCount(lines, 4));
        }
    }

    /** The sum over the workers' {@code END} lines of their field {@code field} (3: attempts, 4: 429s). */
    private static long clientCount(List<WorkerJvms.Line> lines, int field) {
        return lines.stream()
                .map(line -> line.text().split(" "))
                .filter(parts -> parts[0].equals("END") && parts.length == 5)
                .mapToLong(parts -> Long.parseLong(parts[field]))
                .sum();
    }

    private MultiProcessResult summarise(
            List<WorkerJvms.Line> lines, long startMicros, long attempts, long rateLimited) {
        int[] completed = new int[workers];
        int[] failed = new int[workers];
        long[] first = new long[workers];
        long[] last = new long[workers];
        Arrays.fill(first, Long.MAX_VALUE);
        Arrays.fill(last, Long.MIN_VALUE);
        List<long[]> done = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (WorkerJvms.Line line : lines) {
            String[] parts = line.text().split(" ");
            if (parts[0].equals("DONE") && parts.length == 3) {
                int w = line.worker();
                long at = Long.parseLong(parts[2]);
                if (parts[1].equals("1")) {
                    completed[w]++;
                    first[w] = Math.min(first[w], at);
                    last[w] = Math.max(last[w], at);
                    done.add(new long[] {w, at});
                } else {
                    failed[w]++;
                }
            } else if (parts[0].equals("EVENT")) {
                events.add("worker " + line.worker() + ": " + line.text().substring("EVENT ".length()));
            }
        }
        long from = Arrays.stream(first).max().orElse(0);
        long to = Arrays.stream(last).min().orElse(0);
        int[] together = completedWithin(done, from, to);
        int inWindow = Arrays.stream(together).sum();
        double rpm = to > from && inWindow > 1 ? (inWindow - 1) * 60e6 / (to - from) : 0;
        long end = Arrays.stream(last).max().orElse(startMicros);
        return new MultiProcessResult(
                redis.getScheme() + "://" + redis.getHost() + ":" + redis.getPort()
                        + (redis.getPath() == null ? "" : redis.getPath()),
                Arrays.stream(completed).sum(),
                Arrays.stream(failed).sum(),
                attempts,
                rateLimited,
                Duration.ofNanos(Math.max(0, end - startMicros) * 1000),
                setup.ideal(),
                Duration.ofNanos(Math.max(0, to - from) * 1000),
                rpm,
                Arrays.stream(completed).boxed().toList(),
                Arrays.stream(together).boxed().toList(),
                events);
    }

    /** Per worker, the completions {@code {worker, micros}} between {@code from} and {@code to}, both included. */
    private int[] completedWithin(List<long[]> done, long from, long to) {
        int[] together = new int[workers];
        for (long[] entry : done) {
            if (entry[1] >= from && entry[1] <= to) {
                together[(int) entry[0]]++;
            }
        }
        return together;
    }
}
