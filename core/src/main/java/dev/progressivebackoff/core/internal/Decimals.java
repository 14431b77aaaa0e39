package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.Seconds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * Non-negative ASCII decimal numbers as header fields carry them ({@code 12}, {@code 0012},
 * {@code 1.5}), and their conversion to saturated {@link Duration}s. No sign, no exponent, no
 * locale digits: anything else is malformed. Numbers too large to matter are clamped on the way in,
 * so a thousand-digit value costs nothing and still saturates.
 */
public final class Decimals {

    /** Integer parts longer than this many significant digits are clamped to 10^30. */
    private static final int MAX_INTEGER_DIGITS = 30;
    /** Fraction digits beyond this are dropped before rounding to the nanosecond. */
    private static final int MAX_FRACTION_DIGITS = 12;

    private static final BigDecimal CLAMPED = BigDecimal.TEN.pow(MAX_INTEGER_DIGITS);
    private static final BigDecimal SATURATED_SECONDS = BigDecimal.valueOf(Seconds.SATURATED.getSeconds());
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Decimals() {}

    /** {@code text} without surrounding optional whitespace (RFC 9110 OWS: spaces and horizontal tabs). */
    public static String trimOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isOws(text.charAt(start))) {
            start++;
        }
        while (end > start && isOws(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Parses {@code 1*DIGIT [ "." 1*DIGIT ]} after trimming OWS.
     *
     * @return the value (clamped to 10^30), or empty when malformed
     */
    public static Optional<BigDecimal> parse(String text) {
        String trimmed = trimOws(text);
        int dot = trimmed.indexOf('.');
        String whole = dot < 0 ? trimmed : trimmed.substring(0, dot);
        String fraction = dot < 0 ? "" : trimmed.substring(dot + 1);
        if (!allDigits(whole) || (dot >= 0 && !allDigits(fraction))) {
            return Optional.empty();
        }
        return Optional.of(toDecimal(whole, fraction));
    }

    /** Parses {@code 1*DIGIT} after trimming OWS; empty when malformed. */
    public static Optional<BigDecimal> parseInteger(String text) {
        String trimmed = trimOws(text);
        return allDigits(trimmed) ? Optional.of(toDecimal(trimmed, "")) : Optional.empty();
    }

    /** A non-negative count ({@code 1*DIGIT}, OWS trimmed), saturated at {@link Long#MAX_VALUE}. */
    public static Optional<Long> parseCount(String text) {
        return parseInteger(text).map(value -> value.min(LONG_MAX).longValueExact());
    }

    /** A positive count, as {@link #parseCount} but rejecting zero. */
    public static Optional<Long> parsePositiveCount(String text) {
        return parseCount(text).filter(count -> count > 0);
    }

    /** True if {@code text} is one or more ASCII digits. */
    public static boolean allDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Builds the number from validated digit strings, clamping huge integer parts. */
    public static BigDecimal toDecimal(String whole, String fraction) {
        int firstSignificant = 0;
        while (firstSignificant < whole.length() - 1 && whole.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        String significant = whole.substring(firstSignificant);
        if (significant.length() > MAX_INTEGER_DIGITS) {
            return CLAMPED;
        }
        String kept = fraction.length() > MAX_FRACTION_DIGITS ? fraction.substring(0, MAX_FRACTION_DIGITS) : fraction;
        return new BigDecimal(kept.isEmpty() ? significant : significant + "." + kept);
    }

    /**
     * {@code seconds} as a duration rounded to the nanosecond: negative values become zero, values at or
     * above {@link Seconds#SATURATED} become {@link Seconds#SATURATED}.
     */
    public static Duration toDuration(BigDecimal seconds) {
        if (seconds.signum() <= 0) {
            return Duration.ZERO;
        }
        if (seconds.compareTo(SATURATED_SECONDS) >= 0) {
            return Seconds.SATURATED;
        }
        BigDecimal rounded = seconds.setScale(9, RoundingMode.HALF_UP);
        long whole = rounded.longValue();
        long nanos =
                rounded.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Duration.ofSeconds(whole, nanos);
    }
}
