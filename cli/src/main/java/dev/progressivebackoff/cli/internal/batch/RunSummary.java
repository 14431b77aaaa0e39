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
 * @param tokens      the tokens the done samples used, as their responses reported
 * @param dailyQuota  set when the run stopped because the per-day quota is spent: how long until it resets
 *                    (empty inside when unknown)
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
        TokenTotals tokens,
        Optional<Optional<Duration>> dailyQuota,
        Optional<String> cannotWrite) {

    public RunSummary {
        Objects.requireNonNull(waited, "waited");
        Objects.requireNonNull(cannotWrite, "cannotWrite");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(dailyQuota, "dailyQuota");
    }

    /** Tokens reported by {@code usage}, summed. */
    public record TokenTotals(long prompt, long completion, long total) {
        /** None. */
        public static final TokenTotals NONE = new TokenTotals(0, 0, 0);
    }
}
