package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.pacing.PacerRegistry;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** The client each strategy runs through, and the throwaway API key it authenticates with. */
final class BenchClients {

    /** The header naming the run on every request of a benchmark: {@code X-Bench-Run: paced}. */
    static final String RUN_HEADER = "X-Bench-Run";

    private BenchClients() {}

    /**
     * {@code sk-bench-<label>-<8 random hex digits>}: a fresh key for each run, so that a limiter keyed per API
     * key gives each run its own quota. It is never printed.
     */
    static String newApiKey(String label, RandomGenerator random) {
        return "sk-bench-" + label + "-" + String.format(Locale.ROOT, "%08x", random.nextInt());
    }

    /**
     * The client of {@code strategy}: {@code settings} with pacing on or off as the strategy says ({@code
     * fixed-margin} through a {@link FixedMarginPacer}, {@code rpm-only} through an {@link RpmOnlyPacer}, on {@code
     * time} and {@code sleeper}), the strategy's name
     * in {@value #RUN_HEADER} on every request, and {@code counts} told about every attempt.
     */
    static TeacherClient build(
            BenchStrategy strategy,
            ClientSettings settings,
            String apiKey,
            TierCatalog catalog,
            TimeSource time,
            Sleeper sleeper,
            ClientSideCounts counts) {
        TeacherClientBuilder builder = TeacherClient.builder()
                .withSettings(settings)
                .withPace(strategy != BenchStrategy.REACTIVE)
                .withApiKey(apiKey)
                .withTierCatalog(catalog)
                .withTimeSource(time)
                .withSleeper(sleeper)
                .withHeader(RUN_HEADER, strategy.cliName())
                .onEvent(counts)
                .onTransportRetry(counts);
        if (strategy == BenchStrategy.FIXED_MARGIN) {
            builder.withPacerRegistry(PacerRegistry.create(tier -> new FixedMarginPacer(tier, time, sleeper)));
        } else if (strategy == BenchStrategy.RPM_ONLY) {
            builder.withPacerRegistry(PacerRegistry.create(tier -> new RpmOnlyPacer(tier, time, sleeper)));
        }
        return builder.build();
    }
}
