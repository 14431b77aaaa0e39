package dev.progressivebackoff.core;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Conversions between {@link Duration} and fractional seconds, in the form the documented log lines
 * use ({@code 20.0s}, {@code 0.3s}, {@code 0.012s}).
 */
public final class Seconds {

    /** The longest wait the toolkit represents; longer values saturate to this (about 100 years). */
    public static final Duration SATURATED = Duration.ofDays(36_500);

    private Seconds() {}

    /** {@code duration} as fractional seconds. */
    public static double of(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    /**
     * A duration of {@code seconds}, rounded to the nanosecond and saturated at {@link #SATURATED};
     * NaN and negative values are rejected.
     */
    public static Duration toDuration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            throw new IllegalArgumentException("seconds must be a non-negative number: " + seconds);
        }
        if (seconds >= SATURATED.getSeconds()) {
            return SATURATED;
        }
        long whole = (long) seconds;
        long nanos = Math.round((seconds - whole) * 1e9);
        return Duration.ofSeconds(whole, nanos);
    }

    /** The plain decimal number of seconds with at least one fraction digit: {@code 20.0}, {@code 0.012}. */
    public static String plain(Duration duration) {
        BigDecimal value = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros();
        if (value.scale() < 1) {
            value = value.setScale(1);
        }
        return value.toPlainString();
    }

    /** {@code 20.0s}, {@code 0.3s}, {@code 0.012s}: the documented log form. */
    public static String format(Duration duration) {
        return plain(duration) + "s";
    }
}
