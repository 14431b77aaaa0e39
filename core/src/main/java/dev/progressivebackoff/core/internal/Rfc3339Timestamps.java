package dev.progressivebackoff.core.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3339 {@code date-time} ({@code 2025-10-25T12:01:00Z}, {@code 2025-10-25T14:01:00.5+02:00}), as
 * Anthropic's {@code anthropic-ratelimit-*-reset} headers carry it. Validated strictly: the date must
 * exist, hours 00-23, minutes 00-59, seconds 00-60 (60 is a leap second, read as the next minute's
 * first second), offsets up to ±23:59. The {@code T} and {@code Z} may be lower case and {@code T} may
 * be a space, as RFC 3339 section 5.6 allows. Surrounding whitespace is trimmed.
 */
public final class Rfc3339Timestamps {

    private static final Pattern DATE_TIME =
            Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?"
                    + "([Zz]|([+-])([0-9]{2}):([0-9]{2}))");

    private Rfc3339Timestamps() {}

    /** The instant {@code value} names, or empty when it is not a valid RFC 3339 date-time. */
    public static Optional<Instant> parse(String value) {
        Matcher m = DATE_TIME.matcher(Decimals.trimOws(value));
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        if (hour > 23 || minute > 59 || second > 60) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            ZoneOffset offset = offset(m);
            String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
            Instant instant =
                    date.atTime(hour, minute, Math.min(second, 59), nanos).toInstant(offset);
            return Optional.of(second == 60 ? instant.plusSeconds(1) : instant);
        } catch (DateTimeException impossible) {
            return Optional.empty();
        }
    }

    private static ZoneOffset offset(Matcher m) {
        if (m.group(9) == null) {
            return ZoneOffset.UTC;
        }
        int hours = Integer.parseInt(m.group(10));
        int minutes = Integer.parseInt(m.group(11));
        if (hours > 23 || minutes > 59) {
            throw new DateTimeException("offset out of range");
        }
        int sign = m.group(9).equals("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
