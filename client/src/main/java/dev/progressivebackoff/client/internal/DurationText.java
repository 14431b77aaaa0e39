package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.Seconds;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as settings files write them. Written as seconds with an {@code s} ({@code 900s},
 * {@code 0.3s}); read from that, from other units and compounds ({@code 500ms}, {@code 15m}, {@code 1h},
 * {@code 1m30s}), from ISO-8601 ({@code PT15M}) and from a plain number of seconds.
 */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final String EXAMPLES =
            "use e.g. \"900s\", \"500ms\", \"15m\", \"1h30m\", \"PT15M\" or a number of seconds";

    private DurationText() {}

    /** {@code 900s}, {@code 0.3s}, {@code 0.012s}. */
    public static String format(Duration duration) {
        if (duration.getNano() == 0) {
            return duration.getSeconds() + "s";
        }
        return Seconds.format(duration);
    }

    /** A non-negative number of seconds. */
    public static Duration ofSeconds(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("a duration must be a non-negative number of seconds: " + seconds);
        }
        return Seconds.toDuration(seconds);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException explaining the accepted forms when it is none of them, or negative
     */
    public static Duration parse(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty duration; " + EXAMPLES);
        }
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            return iso(value);
        }
        if (value.matches("\\d+(\\.\\d+)?")) {
            return ofSeconds(Double.parseDouble(value));
        }
        Matcher matcher = PART.matcher(value.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            total = total.plus(part(Double.parseDouble(matcher.group(1)), matcher.group(2)));
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalArgumentException("not a duration: '" + text + "'; " + EXAMPLES);
        }
        return total;
    }

    private static Duration iso(String value) {
        try {
            Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("a duration must not be negative: '" + value + "'");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + value + "'; " + EXAMPLES, e);
        }
    }

    private static Duration part(double amount, String unit) {
        double seconds = switch (unit) {
            case "ms" -> amount / 1000;
            case "s" -> amount;
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            default -> amount * 86_400;
        };
        return ofSeconds(seconds);
    }
}
