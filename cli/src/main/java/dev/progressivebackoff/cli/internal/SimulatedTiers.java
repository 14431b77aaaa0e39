package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.cli.UsageException;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiers the built-in simulated provider can play: every Moonshot tier, enforced over a real 60-second
 * window, and {@code demo}, which lets the quick start finish in seconds while still rate-limiting.
 */
public final class SimulatedTiers {

    /** The demo tier's name. */
    public static final String DEMO = "demo";
    /** Demo: 600 RPM (base delay 0.1 s) enforced as 10 requests per 1-second window, 4 in flight. */
    static final int DEMO_RPM = 600;

    static final Duration DEMO_WINDOW = Duration.ofSeconds(1);
    static final int DEMO_CONCURRENCY = 4;
    static final Duration DEMO_LATENCY = Duration.ofMillis(40);

    private SimulatedTiers() {}

    /**
     * A provider builder for the tier called {@code name} ({@code demo}, {@code free}, {@code tier1} ...).
     *
     * @throws UsageException naming {@code flag} and the known tiers
     */
    public static SimulatedProvider.Builder builder(String flag, String name) {
        if (DEMO.equalsIgnoreCase(name)) {
            return SimulatedProvider.builder()
                    .withTier(demoTier())
                    .withWindow(DEMO_WINDOW)
                    .withLatency(DEMO_LATENCY)
                    .withRetryAfter(RetryAfterStyle.MS);
        }
        try {
            return SimulatedProvider.builder().withTier(TierCatalog.moonshot().require(name));
        } catch (IllegalArgumentException unknown) {
            throw new UsageException(flag + ": " + unknown.getMessage() + ", " + DEMO);
        }
    }

    /**
     * The tiers a client of the provider playing {@code name} should know: Moonshot's, plus {@code demo}
     * (600 RPM, 4 in flight) so that the {@code x-ratelimit-limit-requests: 600} the demo announces is
     * detected as the demo tier with its concurrency cap, not as an uncapped custom tier.
     */
    public static TierCatalog catalog(String name) {
        if (!DEMO.equalsIgnoreCase(name)) {
            return TierCatalog.moonshot();
        }
        List<Tier> tiers = new ArrayList<>(TierCatalog.moonshot().tiers());
        tiers.add(demoTier());
        return TierCatalog.of(tiers);
    }

    private static Tier demoTier() {
        return Tier.of(DEMO, DEMO_RPM, DEMO_CONCURRENCY);
    }

    /** One line describing what the provider enforces. */
    public static String describe(SimulatedProvider provider) {
        return provider.requestsPerMinute() + " RPM over a "
                + dev.progressivebackoff.core.Seconds.format(provider.window()) + " sliding window, "
                + provider.maxConcurrency() + " in flight per key";
    }
}
