package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The server and client configuration every benchmark shares. */
final class BenchServers {

    /** The simulated provider's concurrency cap when the tier has none. */
    static final int UNCAPPED_CONCURRENCY = 1_000;

    private BenchServers() {}

    /**
     * The simulated provider, not yet started: the tier's RPM enforced as one request per 60 s / RPM
     * window (so no burst, and the quota holds over every interval), its concurrency cap, the latency.
     */
    static SimulatedProvider.Builder strict(BenchSetup setup) {
        Tier tier = setup.tier();
        return SimulatedProvider.builder()
                .withTier(tier)
                .withRpm(tier.requestsPerMinute())
                .withWindow(setup.window())
                .withMaxConcurrency(tier.maxConcurrency().orElse(UNCAPPED_CONCURRENCY))
                .withThreads(Math.min(256, setup.concurrency() * 4 + 8))
                .withLatency(setup.latency());
    }

    /**
     * The client's settings: the tier by name (it is in {@link #catalog}), no request spent on detecting it,
     * a connection per worker.
     */
    static ClientSettings clientSettings(BenchSetup setup, String endpoint) {
        return clientSettings(setup, endpoint, RateLimitSettings.DEFAULT_TOKEN_WINDOW);
    }

    /** As {@link #clientSettings(BenchSetup, String)}, the tier's tokens counted over {@code tokenWindow}. */
    static ClientSettings clientSettings(BenchSetup setup, String endpoint, Duration tokenWindow) {
        return ClientSettings.builder()
                .withEndpoint(endpoint)
                .withRateLimit(RateLimitSettings.builder()
                        .withTier(setup.tier().name())
                        .withSkipTierDetection(true)
                        .withTokenWindow(tokenWindow)
                        .build())
                .withTransport(TransportSettings.builder()
                        .withPoolSize(Math.max(setup.concurrency(), TransportSettings.DEFAULT_POOL_SIZE))
                        .build())
                .build();
    }

    /**
     * One request from a separate, unpaced client, then a pause of two windows: the first request of a JVM
     * (class loading, a new connection, the server's first exchange) takes far longer before the server
     * admits it than later ones, which no strategy should be measured on, and the pause leaves the server's
     * window empty for the batch.
     *
     * @throws InterruptedException if interrupted while pausing
     */
    static void warmUp(ClientSettings settings, String apiKey, BenchSetup setup, Sleeper sleeper)
            throws InterruptedException {
        try (TeacherClient client = TeacherClient.builder()
                .withSettings(settings)
                .withPace(false)
                .withMaxRateLimitRetries(0)
                .withApiKey(apiKey)
                .withTierCatalog(catalog(setup))
                .build()) {
            client.healthCheck();
        }
        sleeper.sleep(setup.window().multipliedBy(2));
    }

    /** Moonshot's tiers, plus the benchmark's tier when it is a custom one. */
    static TierCatalog catalog(BenchSetup setup) {
        TierCatalog moonshot = TierCatalog.moonshot();
        if (moonshot.tiers().contains(setup.tier())) {
            return moonshot;
        }
        List<Tier> tiers = new ArrayList<>(moonshot.tiers());
        tiers.removeIf(tier -> tier.requestsPerMinute() == setup.tier().requestsPerMinute()
                || tier.answersTo(setup.tier().name()));
        tiers.add(setup.tier());
        return TierCatalog.of(tiers);
    }
}
