package dev.progressivebackoff.core.support;

import dev.progressivebackoff.core.internal.Decimals;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Go {@code time.Duration} strings, as OpenAI's {@code x-ratelimit-reset-*} headers send them, parsed (for the
 * core's header and body parsers) and formatted (for the simulator's headers):
 * {@code 1s}, {@code 6m0s}, {@code 12ms}, {@code 1h2m3.5s}, {@code 250us}, {@code 250µs}, {@code 7ns},
 * or a bare {@code 0}. Grammar as {@code time.ParseDuration}: an optional sign, then one or more
 * decimal numbers each followed by a unit ({@code ns}, {@code us}, {@code µs}, {@code μs}, {@code ms},
 * {@code s}, {@code m}, {@code h}). Negative durations are ignored (a reset cannot lie in the past);
 * durations too long to represent saturate instead of failing as Go would. {@link #format} writes what Go's
 * {@code time.Duration.String()} does, rounded up to the millisecond.
 */
public final class GoDurations {

    private static final Map<String, BigDecimal> SECONDS_PER_UNIT = Map.of(
            "ns", new BigDecimal("1e-9"),
            "us", new BigDecimal("1e-6"),
            "\u00b5s", new BigDecimal("1e-6"),
            "\u03bcs", new BigDecimal("1e-6"),
            "ms", new BigDecimal("1e-3"),
            "s", BigDecimal.ONE,
            "m", BigDecimal.valueOf(60),
            "h", BigDecimal.valueOf(3600));

    private GoDurations() {}

    /** The duration {@code value} spells, or empty when malformed or negative. */
    public static Optional<Duration> parse(String value) {
        String text = Decimals.trimOws(value);
        if (text.startsWith("+")) {
            text = text.substring(1);
        }
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && (isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            Optional<BigDecimal> number = number(text.substring(numberStart, i));
            int unitStart = i;
            while (i < text.length() && !isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            BigDecimal unit = SECONDS_PER_UNIT.get(text.substring(unitStart, i));
            if (number.isEmpty() || unit == null) {
                return Optional.empty();
            }
            total = total.add(number.get().multiply(unit));
        }
        return Optional.of(Decimals.toDuration(total));
    }

    /**
     * {@code duration} as Go's {@code time.Duration.String()} spells it ({@code 0s}, {@code 300ms}, {@code 20s},
     * {@code 1.5s}, {@code 1m0s}, {@code 1h2m3.5s}), rounded up to whole milliseconds so that a client never
     * retries too early; a negative duration is {@code 0s}.
     */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "0s";
        }
        long millis = duration.toMillis() + (duration.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        String seconds =
                BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString() + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    /** Go accepts {@code 1.5}, {@code 1.} and {@code .5}, but not a lone dot or two dots. */
    private static Optional<BigDecimal> number(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return Decimals.allDigits(text) ? Optional.of(Decimals.toDecimal(text, "")) : Optional.empty();
        }
        String whole = text.substring(0, dot);
        String fraction = text.substring(dot + 1);
        boolean wholeOk = whole.isEmpty() || Decimals.allDigits(whole);
        boolean fractionOk = fraction.isEmpty() || Decimals.allDigits(fraction);
        if (!wholeOk || !fractionOk || (whole.isEmpty() && fraction.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(Decimals.toDecimal(whole.isEmpty() ? "0" : whole, fraction));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
