package dev.progressivebackoff.cli.internal.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a run stands.
 *
 * @param total       samples this run has to do
 * @param done        completed and written
 * @param failed      written to the failures file
 * @param rateLimited 429s met so far
 * @param elapsed     time since the run started
 * @param tokens      the tokens the done samples used, as their {@code usage} reported
 */
public record RunCounts(int total, int done, int failed, int rateLimited, Duration elapsed, long tokens) {

    public RunCounts {
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Counts without token figures. */
    public RunCounts(int total, int done, int failed, int rateLimited, Duration elapsed) {
        this(total, done, failed, rateLimited, elapsed, 0);
    }

    /** Samples finished either way. */
    public int finished() {
        return done + failed;
    }

    /** The remaining time at the pace so far; empty before the first sample finishes. */
    public Optional<Duration> eta() {
        if (finished() == 0) {
            return Optional.empty();
        }
        return Optional.of(elapsed.multipliedBy(total - finished()).dividedBy(finished()));
    }

    /**
     * The remaining time when the key may spend {@code tokensPerMinute}: the later of the pace so far and the
     * remaining samples' estimated tokens (the done samples' average) over the TPM. The pace so far alone is
     * optimistic while tokens bind: a window's first burst goes at once, the rest at the TPM.
     */
    public Optional<Duration> eta(OptionalLong tokensPerMinute) {
        Optional<Duration> pace = eta();
        if (pace.isEmpty() || tokensPerMinute.isEmpty() || tokens <= 0 || done == 0) {
            return pace;
        }
        double remainingTokens = (double) tokens / done * (total - finished());
        Duration byTokens = Duration.ofNanos(Math.round(remainingTokens * 60e9 / tokensPerMinute.getAsLong()));
        return Optional.of(byTokens.compareTo(pace.get()) > 0 ? byTokens : pace.get());
    }
}
