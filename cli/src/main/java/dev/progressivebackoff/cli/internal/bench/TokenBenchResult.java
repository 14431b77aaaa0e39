package dev.progressivebackoff.cli.internal.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * One strategy's figures in the token-bound scenario.
 *
 * @param strategy    how the client met the quotas
 * @param requests    requests in the batch
 * @param completed   requests answered 200
 * @param attempts    requests the server received (retries included)
 * @param rateLimited of those, the ones answered 429
 * @param tokens      the tokens the answered requests used, as their {@code usage} reports
 * @param wall        from the start of the batch to the last answer
 * @param ideal       the token-bound ideal: {@code tokens} / TPM
 */
public record TokenBenchResult(
        BenchStrategy strategy,
        int requests,
        int completed,
        long attempts,
        long rateLimited,
        long tokens,
        Duration wall,
        Duration ideal) {

    public TokenBenchResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(ideal, "ideal");
        if (completed < 0 || completed > requests || attempts < 0 || rateLimited < 0 || tokens < 0) {
            throw new IllegalArgumentException("counts must not be negative, nor more completed than sent");
        }
    }

    /** Requests of the batch that never got an answer (given up on). */
    public int lost() {
        return requests - completed;
    }

    /** Wall time over the token-bound ideal; 1.0 is the TPM exactly. */
    public double ratio() {
        return ideal.isZero() ? 1.0 : wall.toNanos() / (double) ideal.toNanos();
    }

    /** The share of attempts answered 429, in percent. */
    public double rateLimitedPercent() {
        return attempts == 0 ? 0 : 100.0 * rateLimited / attempts;
    }
}
