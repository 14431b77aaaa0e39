package dev.progressivebackoff.cli.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an instant given on the command line: an HTTP-date, RFC 3339, or epoch seconds. */
public final class Instants {

    private Instants() {}

    /**
     * Parses {@code value}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Instant parse(String value) {
        String text = value.trim();
        if (text.matches("\\d+(\\.\\d+)?")) {
            try {
                BigDecimal seconds = new BigDecimal(text);
                long whole = seconds.setScale(0, RoundingMode.DOWN).longValueExact();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                        .movePointRight(9)
                        .longValue();
                return Instant.ofEpochSecond(whole, nanos);
            } catch (ArithmeticException | DateTimeException outOfRange) {
                throw new IllegalArgumentException("'" + value + "' epoch seconds are out of range (the latest "
                        + "time is " + Instant.MAX.getEpochSecond() + ")");
            }
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException notHttpDate) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notRfc3339) {
                throw new IllegalArgumentException("cannot read '" + value + "' as a time; use an HTTP-date "
                        + "(Sun, 06 Nov 1994 08:49:37 GMT), RFC 3339 (2025-10-25T12:00:00Z) or epoch seconds");
            }
        }
    }
}
