package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Objects;

/**
 * One attempt of a rate-limited call, as kept for the final report.
 *
 * @param attempt 1-based
 * @param status  the HTTP status it got; 0 when none arrived (the transport failed)
 * @param delay   how long the loop waited after it ({@link Duration#ZERO} if it did not)
 * @param source  where that wait came from ({@link WaitSource#NONE} if it did not wait)
 */
public record AttemptRecord(int attempt, int status, Duration delay, WaitSource source) {

    public AttemptRecord {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(source, "source");
    }
}
