package dev.progressivebackoff.core.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * RFC 9110 {@code delay-seconds} ({@code Retry-After: 120}) and its millisecond cousin
 * {@code retry-after-ms}. Surrounding whitespace is trimmed and leading zeros are fine; a fraction
 * ({@code 1.5}) is accepted leniently, as openai-python does. Signs, exponents, empty and non-ASCII
 * values are malformed. Values too large to represent saturate at
 * {@link dev.progressivebackoff.core.Seconds#SATURATED}.
 */
public final class DelaySeconds {

    private DelaySeconds() {}

    /** A number of seconds, or empty when malformed. */
    public static Optional<Duration> parseSeconds(String value) {
        return Decimals.parse(value).map(Decimals::toDuration);
    }

    /** A number of milliseconds, or empty when malformed. */
    public static Optional<Duration> parseMillis(String value) {
        return Decimals.parse(value).map(millis -> Decimals.toDuration(millis.movePointLeft(3)));
    }
}
