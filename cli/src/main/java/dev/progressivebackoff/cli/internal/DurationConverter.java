package dev.progressivebackoff.cli.internal;

import com.beust.jcommander.IStringConverter;
import com.beust.jcommander.ParameterException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration flag: {@code 900s}, {@code 15m}, {@code 1h}, {@code 250ms}, {@code 1.5s}, plain
 * seconds ({@code 20}), or ISO-8601 ({@code PT15M}). JCommander has no such converter.
 */
public final class DurationConverter implements IStringConverter<Duration> {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private final String optionName;

    /** A converter for {@code optionName}, named in error messages. */
    public DurationConverter(String optionName) {
        this.optionName = optionName;
    }

    /** A converter with no option name, for use outside flag parsing. */
    public DurationConverter() {
        this("duration");
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException bad) {
            throw new ParameterException(optionName + ": " + bad.getMessage());
        }
    }

    /**
     * Parses {@code value}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return nonNegative(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        Matcher matcher = WITH_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw invalid(value);
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        BigDecimal nanosPerUnit = switch (unit) {
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> BigDecimal.valueOf(86_400_000_000_000L);
        };
        try {
            return Duration.ofNanos(amount.multiply(nanosPerUnit)
                    .setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact());
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("'" + value + "' is too long a duration");
        }
    }

    private static Duration nonNegative(Duration duration, String value) {
        if (duration.isNegative()) {
            throw invalid(value);
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(
                "cannot read '" + value + "' as a duration; use e.g. 900s, 15m, 1h, 250ms, 20 (seconds) or PT15M");
    }
}
