package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.SimulatedProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Runs a {@link BenchSetup} in this process: for each strategy a fresh simulated provider (real time,
 * loopback, the tier's RPM enforced strictly with no burst) and a fresh {@link TeacherClient}, a warm-up
 * request, the same batch, and the figures of the batch alone.
 */
public final class BenchRunner {

    private final BenchSetup setup;
    private final TimeSource time;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * A runner of {@code setup} (against the simulated provider) measuring on {@code time}, pausing with
     * {@code sleeper}, drawing API keys from {@code random}.
     */
    public BenchRunner(BenchSetup setup, TimeSource time, Sleeper sleeper, RandomGenerator random) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.time = Objects.requireNonNull(time, "time");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        if (setup.external()) {
            throw new IllegalArgumentException("an external endpoint is run by EndpointBenchRunner");
        }
    }

    /**
     * Runs every strategy, one after the other.
     *
     * @throws InterruptedException if interrupted; the strategy under way is abandoned
     */
    public List<BenchResult> run() throws InterruptedException {
        List<BenchResult> results = new ArrayList<>();
        for (BenchStrategy strategy : setup.strategies()) {
            results.add(run(strategy));
        }
        return List.copyOf(results);
    }

    private BenchResult run(BenchStrategy strategy) throws InterruptedException {
        String apiKey = BenchClients.newApiKey(strategy.cliName(), random);
        try (SimulatedProvider provider =
                BenchServers.strict(setup).withApiKey(apiKey).build()) {
            ClientSettings settings =
                    BenchServers.clientSettings(setup, provider.start().toString());
            BenchServers.warmUp(settings, apiKey, setup, sleeper);
            ProviderStats before = provider.stats();
            RequestBatch.Outcome outcome;
            try (TeacherClient client = BenchClients.build(
                    strategy, settings, apiKey, BenchServers.catalog(setup), time, sleeper, new ClientSideCounts())) {
                outcome = new RequestBatch(client, setup.concurrency(), time)
                        .run(setup.requests(), RequestBatch.Listener.NONE);
            }
            ProviderStats after = provider.stats();
            return new BenchResult(
                    strategy,
                    outcome.completed(),
                    after.requests() - before.requests(),
                    after.rateLimited() - before.rateLimited(),
                    outcome.failed(),
                    outcome.wall(),
                    setup.ideal());
        }
    }
}
