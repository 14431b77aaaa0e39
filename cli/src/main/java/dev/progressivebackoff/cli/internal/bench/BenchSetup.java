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
 * @param window      the sliding window over which the server counts the quota (it admits RPM × window / 60 s
 *                    requests per window); {@link #strictWindow(Tier)} admits one request per window: no burst
 */
public record BenchSetup(Tier tier, int requests, int concurrency, Duration latency, List<BenchStrategy> strategies,
                         Duration window) {

    public BenchSetup {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(window, "window");
        strategies = List.copyOf(strategies);
        if (requests < 1 || concurrency < 1 || latency.isNegative() || strategies.isEmpty()) {
            throw new IllegalArgumentException("requests, concurrency and strategies must be positive");
        }
        if (window.compareTo(strictWindow(tier)) < 0) {
            throw new IllegalArgumentException("the window must hold at least one request: at least "
                    + strictWindow(tier).toMillis() + " ms at " + tier.requestsPerMinute() + " RPM");
        }
    }

    /** A setup whose server admits exactly one request per 60 s / RPM: the quota holds over any interval. */
    public BenchSetup(Tier tier, int requests, int concurrency, Duration latency, List<BenchStrategy> strategies) {
        this(tier, requests, concurrency, latency, strategies, strictWindow(tier));
    }

    /** 60 s / RPM: the shortest window, one request each. */
    public static Duration strictWindow(Tier tier) {
        return Duration.ofNanos(60_000_000_000L / tier.requestsPerMinute());
    }

    /** True when the server admits one request per window (no burst at all). */
    public boolean strict() {
        return window.equals(strictWindow(tier));
    }

    /** How many requests the server admits per window. */
    public long perWindow() {
        return Math.max(1, Math.round(tier.requestsPerMinute() * (window.toNanos() / 60e9)));
    }

    /** The best any client can do: (requests − 1) × 60 s / RPM. */
    public Duration ideal() {
        return Duration.ofNanos((requests - 1) * 60_000_000_000L / tier.requestsPerMinute());
    }
}
