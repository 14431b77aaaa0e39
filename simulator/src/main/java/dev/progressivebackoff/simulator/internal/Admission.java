package dev.progressivebackoff.simulator.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The window's answer to one request.
 *
 * @param verdict   admitted, or which limit refused it
 * @param remaining requests left in the window after this one
 * @param reset     time until the oldest request in the window leaves it ({@link Duration#ZERO} when empty)
 * @param retryWait for a refusal, how long until a retry could be admitted
 * @param remainingTokens tokens left in the token window after this request, or -1 when tokens are not limited
 * @param resetTokens     time until the oldest tokens in the token window leave it
 */
public record Admission(
        Verdict verdict,
        int remaining,
        Duration reset,
        Duration retryWait,
        long remainingTokens,
        Duration resetTokens) {

    /** Why a request was or was not admitted. */
    public enum Verdict {
        /** Within every limit. */
        ADMITTED,
        /** The requests-per-window limit is spent. */
        OVER_RPM,
        /** Too many requests of this key are in flight. */
        OVER_CONCURRENCY,
        /** The tokens-per-window limit would be exceeded. */
        OVER_TPM,
        /** The tokens-per-day limit is spent. */
        OVER_TPD
    }

    /** An answer without token figures. */
    public Admission(Verdict verdict, int remaining, Duration reset, Duration retryWait) {
        this(verdict, remaining, reset, retryWait, -1, Duration.ZERO);
    }

    /** The same answer with these token figures. */
    public Admission withTokens(long newRemainingTokens, Duration newResetTokens) {
        return new Admission(verdict, remaining, reset, retryWait, newRemainingTokens, newResetTokens);
    }

    public Admission {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(retryWait, "retryWait");
        Objects.requireNonNull(resetTokens, "resetTokens");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative: " + remaining);
        }
    }

    /** True if the request may proceed. */
    public boolean admitted() {
        return verdict == Verdict.ADMITTED;
    }
}
