package dev.progressivebackoff.simulator.internal;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Everything the handler needs, fixed when the provider starts.
 *
 * @param requestsPerMinute announced in {@code x-ratelimit-limit-requests}
 * @param window            the sliding window the limit is enforced over (60 s for a real RPM limit)
 * @param maxConcurrency    requests one key may have in flight
 * @param apiKey            the only key accepted, or empty to accept any bearer token (or none)
 * @param retryAfter        how 429s state their wait in headers
 * @param latency           how long each admitted request takes
 * @param errorRate         probability in [0, 1] that an admitted completion fails with 500
 * @param models            model ids listed by {@code GET /v1/models}; the first is the default
 * @param timeSource        time for windows and {@code Date} headers
 * @param sleeper           how latency is waited
 * @param random            decides error injection; seeded for repeatable runs
 * @param faults            the faults injected into chat completions
 * @param tokensPerMinute   tokens admitted per minute (scaled to the window like the RPM); 0 for no limit
 * @param tokensPerDay      tokens admitted per day window; 0 for no limit
 * @param dayWindow         the sliding window the daily limit is enforced over (a day for a real one)
 */
public record ProviderConfig(
        int requestsPerMinute,
        Duration window,
        int maxConcurrency,
        Optional<String> apiKey,
        RetryAfterStyle retryAfter,
        Duration latency,
        double errorRate,
        List<String> models,
        TimeSource timeSource,
        Sleeper sleeper,
        Random random,
        FaultPlan faults,
        long tokensPerMinute,
        long tokensPerDay,
        Duration dayWindow) {

    public ProviderConfig {
        if (requestsPerMinute <= 0 || maxConcurrency <= 0) {
            throw new IllegalArgumentException("requestsPerMinute and maxConcurrency must be positive");
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(latency, "latency");
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be in [0, 1]: " + errorRate);
        }
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one model is needed");
        }
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(dayWindow, "dayWindow");
        if (tokensPerMinute < 0 || tokensPerDay < 0) {
            throw new IllegalArgumentException("token limits must not be negative");
        }
    }

    /** Requests admitted per window: the RPM scaled to the window, at least 1. */
    public int limitPerWindow() {
        long perWindow = Math.round(requestsPerMinute * (window.toNanos() / 60e9));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, perWindow));
    }

    /** Tokens admitted per window: the TPM scaled to the window (0: no limit). */
    public long tokensPerWindow() {
        return tokensPerMinute <= 0 ? 0 : Math.max(1, Math.round(tokensPerMinute * (window.toNanos() / 60e9)));
    }

    /** A fresh token window for one key. */
    public TokenWindow newTokenWindow() {
        return new TokenWindow(tokensPerWindow(), window, tokensPerDay, dayWindow);
    }

    /** A fresh window for one key. */
    public RequestWindow newWindow() {
        return new RequestWindow(limitPerWindow(), window, maxConcurrency);
    }
}
