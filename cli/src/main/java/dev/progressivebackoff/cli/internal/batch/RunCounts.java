package dev.progressivebackoff.cli.internal.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run stands.
 *
 * @param total       samples this run has to do
 * @param done        completed and written
 * @param failed      written to the failures file
 * @param rateLimited 429s met so far
 * @param elapsed     time since the run started
 */
public record RunCounts(int total, int done, int failed, int rateLimited, Duration elapsed) {

    public RunCounts {
        Objects.requireNonNull(elapsed, "elapsed");
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
}
