package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one benchmark runs.
 *
 * @param tier        the quota the server enforces (its RPM strictly, no burst; its concurrency cap, if any)
 *                    and the client is told: a Moonshot tier ({@code --tier}) or a custom one ({@code --rpm})
 * @param requests    requests in the batch
 * @param concurrency worker threads sending them
 * @param latency     how long the server takes per admitted request
 * @param strategies  the strategies to run, in order
 */
public record BenchSetup(Tier tier, int requests, int concurrency, Duration latency, List<BenchStrategy> strategies) {

    public BenchSetup {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(latency, "latency");
        strategies = List.copyOf(strategies);
        if (requests < 1 || concurrency < 1 || latency.isNegative() || strategies.isEmpty()) {
            throw new IllegalArgumentException("requests, concurrency and strategies must be positive");
        }
    }

    /** 60 s / RPM: the server admits one request per such window, so the quota holds over any interval. */
    public Duration window() {
        return Duration.ofNanos(60_000_000_000L / tier.requestsPerMinute());
    }

    /** The best any client can do: (requests − 1) × 60 s / RPM. */
    public Duration ideal() {
        return Duration.ofNanos((requests - 1) * 60_000_000_000L / tier.requestsPerMinute());
    }
}
