package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one benchmark runs: against the simulated provider (started for it, enforcing the quota), or against
 * an external endpoint ({@code --endpoint}) whose quota is given.
 *
 * @param tier        the quota the server enforces (its RPM strictly, no burst; its concurrency cap, if any)
 *                    and the client is told: a Moonshot tier ({@code --tier}) or a custom one ({@code --rpm})
 * @param requests    requests in the batch
 * @param concurrency worker threads sending them
 * @param latency     how long the server takes per admitted request
 * @param strategies  the strategies to run, in order
 * @param window      the sliding window over which the server counts the quota (it admits RPM × window / 60 s
 *                    requests per window); {@link #strictWindow(Tier)} admits one request per window: no burst
 * @param endpoint    the external endpoint to run against, without credentials; empty for the simulated provider
 *                    (latency and window are then unused: zero and strict)
 * @param pause       how long to wait between two strategies (the simulated provider is fresh for each: zero)
 */
public record BenchSetup(
        Tier tier,
        int requests,
        int concurrency,
        Duration latency,
        List<BenchStrategy> strategies,
        Duration window,
        Optional<String> endpoint,
        Duration pause) {

    public BenchSetup {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(pause, "pause");
        strategies = List.copyOf(strategies);
        if (pause.isNegative()) {
            throw new IllegalArgumentException("the pause must not be negative: " + pause);
        }
        if (endpoint.isPresent() && (!latency.isZero() || !window.equals(strictWindow(tier)))) {
            throw new IllegalArgumentException("an external endpoint has its own latency and window");
        }
        if (requests < 1 || concurrency < 1 || latency.isNegative() || strategies.isEmpty()) {
            throw new IllegalArgumentException("requests, concurrency and strategies must be positive");
        }
        if (window.compareTo(strictWindow(tier)) < 0) {
            throw new IllegalArgumentException("the window must hold at least one request: at least "
                    + strictWindow(tier).toMillis() + " ms at " + tier.requestsPerMinute() + " RPM");
        }
    }

    /** A setup against the simulated provider counting the quota over {@code window}. */
    public BenchSetup(
            Tier tier,
            int requests,
            int concurrency,
            Duration latency,
            List<BenchStrategy> strategies,
            Duration window) {
        this(tier, requests, concurrency, latency, strategies, window, Optional.empty(), Duration.ZERO);
    }

    /** A setup whose server admits exactly one request per 60 s / RPM: the quota holds over any interval. */
    public BenchSetup(Tier tier, int requests, int concurrency, Duration latency, List<BenchStrategy> strategies) {
        this(tier, requests, concurrency, latency, strategies, strictWindow(tier));
    }

    /**
     * A setup against the external {@code endpoint} (a URL without credentials) at {@code tier}'s quota, pausing
     * {@code pause} between strategies.
     */
    public static BenchSetup external(
            Tier tier, int requests, int concurrency, List<BenchStrategy> strategies, String endpoint, Duration pause) {
        return new BenchSetup(
                tier,
                requests,
                concurrency,
                Duration.ZERO,
                strategies,
                strictWindow(tier),
                Optional.of(Objects.requireNonNull(endpoint, "endpoint")),
                pause);
    }

    /**
     * The pause between strategies against an external endpoint unless one is given: the larger of 1 s and
     * 60 s / RPM, so that a limiter counting over one request's window, or over one second, has forgotten the
     * previous strategy. A limiter counting over a whole minute needs {@code --pause 60s}.
     */
    public static Duration defaultExternalPause(Tier tier) {
        Duration window = strictWindow(tier);
        return window.compareTo(Duration.ofSeconds(1)) > 0 ? window : Duration.ofSeconds(1);
    }

    /** True when the benchmark runs against an external endpoint. */
    public boolean external() {
        return endpoint.isPresent();
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
