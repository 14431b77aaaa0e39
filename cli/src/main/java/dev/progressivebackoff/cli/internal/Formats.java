package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.cli.UsageException;
import dev.progressivebackoff.core.Seconds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** Small formatting and validation helpers the subcommands share. */
public final class Formats {

    private Formats() {}

    /** {@code duration} as an exact JSON number of seconds ({@code 20.0}, {@code 0.012}). */
    public static BigDecimal seconds(Duration duration) {
        return new BigDecimal(Seconds.plain(duration));
    }

    /** A human approximation: {@code ~21 min}, {@code ~19 s}, {@code ~756 ms}. */
    public static String approximately(Duration duration) {
        if (duration.compareTo(Duration.ofMinutes(2)) >= 0) {
            return "~" + Math.round(Seconds.of(duration) / 60) + " min";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) >= 0) {
            return "~" + Math.round(Seconds.of(duration)) + " s";
        }
        return "~" + Math.round(Seconds.of(duration) * 1000) + " ms";
    }

    /**
     * {@code value} if it is one of {@code allowed} (ignoring case), lower-cased.
     *
     * @throws UsageException naming the flag and the allowed values
     */
    public static String oneOf(String flag, String value, String... allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (Arrays.asList(allowed).contains(lower)) {
            return lower;
        }
        throw new UsageException(flag + ": '" + value + "' is not one of " + String.join(", ", allowed));
    }

    /**
     * Checks that {@code value} is positive.
     *
     * @throws UsageException naming the flag
     */
    /** A count for people: {@code 2.0 M}, {@code 30 k}, {@code 500}. */
    public static String count(long value) {
        if (value >= 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f M", value / 1e6);
        }
        return value >= 10_000 ? value / 1_000 + " k" : Long.toString(value);
    }

    /** {@code value}, checked positive. */
    public static int positive(String flag, int value) {
        if (value <= 0) {
            throw new UsageException(flag + " must be positive: " + value);
        }
        return value;
    }
}
