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
 * Runs a {@link TokenBenchSetup}: for each strategy a fresh simulated provider enforcing the RPM and the TPM
 * over the window (real time, loopback), a fresh client told both, a warm-up request, the same batch of
 * token-heavy requests, and the figures of the batch alone, counted by the server.
 */
public final class TokenBenchRunner {

    private final TokenBenchSetup setup;
    private final TimeSource time;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    /** A runner of {@code setup} measuring on {@code time}, pausing with {@code sleeper}, keys from {@code random}. */
    public TokenBenchRunner(TokenBenchSetup setup, TimeSource time, Sleeper sleeper, RandomGenerator random) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.time = Objects.requireNonNull(time, "time");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Runs every strategy, one after the other.
     *
     * @throws InterruptedException if interrupted; the strategy under way is abandoned
     */
    public List<TokenBenchResult> run() throws InterruptedException {
        List<TokenBenchResult> results = new ArrayList<>();
        for (BenchStrategy strategy : setup.strategies()) {
            if (setup.endpoint().isPresent()) {
                if (!results.isEmpty()) {
                    sleeper.sleep(setup.pause());
                }
                results.add(runExternal(strategy, setup.endpoint().get()));
            } else {
                results.add(run(strategy));
            }
        }
        return List.copyOf(results);
    }

    /** Against the external endpoint: a cold client, attempts and 429s counted by the client. */
    private TokenBenchResult runExternal(BenchStrategy strategy, String endpoint) throws InterruptedException {
        BenchSetup requestSide = setup.requestSide();
        ClientSettings base = BenchServers.clientSettings(requestSide, endpoint, setup.window());
        // plain http:// to any host is allowed: the only credential sent is a throwaway key made for this run
        ClientSettings settings = base.toBuilder()
                .withTransport(
                        base.transport().toBuilder().withAllowInsecureHttp(true).build())
                .build();
        ClientSideCounts counts = new ClientSideCounts();
        String apiKey = BenchClients.newApiKey(strategy.cliName(), random);
        RequestBatch.Outcome outcome;
        try (TeacherClient client = BenchClients.build(
                strategy, settings, apiKey, BenchServers.catalog(requestSide), time, sleeper, counts)) {
            outcome = new RequestBatch(client, setup.concurrency(), time, setup::request)
                    .run(setup.requests(), RequestBatch.Listener.NONE);
        }
        return new TokenBenchResult(
                strategy,
                setup.requests(),
                outcome.completed(),
                counts.attempts(),
                counts.rateLimited(),
                outcome.tokens(),
                outcome.wall(),
                setup.ideal(outcome.tokens()));
    }

    private TokenBenchResult run(BenchStrategy strategy) throws InterruptedException {
        BenchSetup requestSide = setup.requestSide();
        String apiKey = BenchClients.newApiKey(strategy.cliName(), random);
        try (SimulatedProvider provider = BenchServers.strict(requestSide)
                .withTokensPerMinute(setup.tpm())
                .withApiKey(apiKey)
                .build()) {
            ClientSettings settings =
                    BenchServers.clientSettings(requestSide, provider.start().toString(), setup.window());
            BenchServers.warmUp(settings, apiKey, requestSide, sleeper);
            ProviderStats before = provider.stats();
            RequestBatch.Outcome outcome;
            try (TeacherClient client = BenchClients.build(
                    strategy,
                    settings,
                    apiKey,
                    BenchServers.catalog(requestSide),
                    time,
                    sleeper,
                    new ClientSideCounts())) {
                outcome = new RequestBatch(client, setup.concurrency(), time, setup::request)
                        .run(setup.requests(), RequestBatch.Listener.NONE);
            }
            ProviderStats after = provider.stats();
            return new TokenBenchResult(
                    strategy,
                    setup.requests(),
                    outcome.completed(),
                    after.requests() - before.requests(),
                    after.rateLimited() - before.rateLimited(),
                    outcome.tokens(),
                    outcome.wall(),
                    setup.ideal(outcome.tokens()));
        }
    }
}
