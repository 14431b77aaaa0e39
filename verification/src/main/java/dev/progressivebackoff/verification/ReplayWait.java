package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Objects;

/**
 * One wait of a replay, as the retry loop announced it.
 *
 * @param retry  the retry it preceded, 1-based
 * @param delay  how long
 * @param source where the wait came from
 */
public record ReplayWait(int retry, Duration delay, WaitSource source) {

    public ReplayWait {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return Seconds.format(delay) + " before retry " + retry + " (" + source.wireName() + ")";
    }
}
