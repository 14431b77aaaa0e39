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
 */
public record Admission(Verdict verdict, int remaining, Duration reset, Duration retryWait) {

    /** Why a request was or was not admitted. */
    public enum Verdict {
        /** Within every limit. */
        ADMITTED,
        /** The requests-per-window limit is spent. */
        OVER_RPM,
        /** Too many requests of this key are in flight. */
        OVER_CONCURRENCY
    }

    public Admission {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(retryWait, "retryWait");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative: " + remaining);
        }
    }

    /** True if the request may proceed. */
    public boolean admitted() {
        return verdict == Verdict.ADMITTED;
    }
}
