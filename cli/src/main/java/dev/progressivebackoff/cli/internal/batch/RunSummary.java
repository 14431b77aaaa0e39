package dev.progressivebackoff.cli.internal.batch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run ended.
 *
 * @param pending     samples this run had to do
 * @param done        completed and written
 * @param failed      written to the failures file
 * @param unfinished  started or not, but neither done nor failed because the run was stopped
 * @param rateLimited 429s met
 * @param waited      time spent waiting on rate limits, summed over samples
 * @param elapsed     wall time of the run
 * @param stopped     true if Ctrl-C stopped it
 * @param cannotWrite why a line could not be written, if that stopped the run
 */
public record RunSummary(
        int pending,
        int done,
        int failed,
        int unfinished,
        int rateLimited,
        Duration waited,
        Duration elapsed,
        boolean stopped,
        Optional<String> cannotWrite) {

    public RunSummary {
        Objects.requireNonNull(waited, "waited");
        Objects.requireNonNull(cannotWrite, "cannotWrite");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
