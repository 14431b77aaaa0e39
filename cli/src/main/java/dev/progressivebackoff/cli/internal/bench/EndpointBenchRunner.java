package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Runs a {@link BenchSetup} against an external endpoint ({@code backoff bench --endpoint URL}): nothing is
 * started and nothing is sent besides the batch (no warm-up: the client is measured from cold, as
 * {@code backoff run} starts). For each strategy a fresh {@link TeacherClient} with a fresh throwaway key
 * ({@code sk-bench-<strategy>-<8 hex>}) and {@code X-Bench-Run: <strategy>} on every request, the setup's
 * pause between two strategies, and the figures as the client saw them (the server's own counts are out of
 * reach).
 */
public final class EndpointBenchRunner {

    private final BenchSetup setup;
    private final TimeSource time;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * A runner of {@code setup}, which must name an endpoint, measuring on {@code time}, waiting with
     * {@code sleeper}, drawing API keys from {@code random}.
     */
    public EndpointBenchRunner(BenchSetup setup, TimeSource time, Sleeper sleeper, RandomGenerator random) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.time = Objects.requireNonNull(time, "time");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        if (!setup.external()) {
            throw new IllegalArgumentException("no endpoint to run against");
        }
    }

    /**
     * Runs every strategy, one after the other, pausing between them.
     *
     * @throws InterruptedException if interrupted; the strategy under way is abandoned
     */
    public List<BenchResult> run() throws InterruptedException {
        // plain http:// to any host is allowed (a limiter elsewhere on the network): the only credential sent
        // is a throwaway key made for this run
        ClientSettings base =
                BenchServers.clientSettings(setup, setup.endpoint().orElseThrow());
        ClientSettings settings = base.toBuilder()
                .withTransport(
                        base.transport().toBuilder().withAllowInsecureHttp(true).build())
                .build();
        List<BenchResult> results = new ArrayList<>();
        for (BenchStrategy strategy : setup.strategies()) {
            if (!results.isEmpty()) {
                sleeper.sleep(setup.pause());
            }
            results.add(run(strategy, settings));
        }
        return List.copyOf(results);
    }

    private BenchResult run(BenchStrategy strategy, ClientSettings settings) throws InterruptedException {
        ClientSideCounts counts = new ClientSideCounts();
        String apiKey = BenchClients.newApiKey(strategy.cliName(), random);
        RequestBatch.Outcome outcome;
        try (TeacherClient client =
                BenchClients.build(strategy, settings, apiKey, BenchServers.catalog(setup), time, sleeper, counts)) {
            outcome = new RequestBatch(client, setup.concurrency(), time)
                    .run(setup.requests(), RequestBatch.Listener.NONE);
        }
        return new BenchResult(
                strategy,
                outcome.completed(),
                counts.attempts(),
                counts.rateLimited(),
                outcome.failed(),
                outcome.wall(),
                setup.ideal());
    }
}
