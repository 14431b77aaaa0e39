package dev.progressivebackoff.core.signals;

import java.time.Duration;
import java.util.Objects;

/**
 * A wait the server asked for.
 *
 * @param delay  non-negative, never longer than {@link dev.progressivebackoff.core.Seconds#SATURATED}
 * @param source which field said so
 * @param raw    the field's value as sent, for explanations
 */
public record ServerHint(Duration delay, WaitSource source, String raw) {

    public ServerHint {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(raw, "raw");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a hint's wait must not be negative: " + delay);
        }
        if (!source.isServerHint()) {
            throw new IllegalArgumentException("not a server hint source: " + source);
        }
    }
}
