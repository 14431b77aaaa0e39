package dev.progressivebackoff.cli.internal.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * One strategy's figures.
 *
 * @param strategy    how the client met the quota
 * @param completed   requests answered 200
 * @param attempts    requests the server received (retries included)
 * @param rateLimited of those, the ones answered 429
 * @param failed      requests given up on (e.g. retries exhausted)
 * @param wall        from the first request sent to the last answered
 * @param ideal       (requests − 1) × 60 s / RPM
 */
public record BenchResult(
        BenchStrategy strategy,
        int completed,
        long attempts,
        long rateLimited,
        int failed,
        Duration wall,
        Duration ideal) {

    public BenchResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(ideal, "ideal");
        if (completed < 0 || attempts < 0 || rateLimited < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Wall time over ideal time; 1.0 is the quota exactly. */
    public double ratio() {
        return ideal.isZero() ? 1.0 : wall.toNanos() / (double) ideal.toNanos();
    }

    /** The share of attempts answered 429, in percent. */
    public double rateLimitedPercent() {
        return attempts == 0 ? 0 : 100.0 * rateLimited / attempts;
    }
}
