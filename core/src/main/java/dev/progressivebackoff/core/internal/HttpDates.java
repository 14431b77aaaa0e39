package dev.progressivebackoff.core.internal;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 9110 section 5.6.7 {@code HTTP-date} in all three formats, validated strictly:
 * <ul>
 *   <li>IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT} (the preferred format),</li>
 *   <li>obsolete RFC 850 {@code Sunday, 06-Nov-94 08:49:37 GMT}, whose two-digit year is the latest year
 *       with those digits that is not more than 50 years after {@code now},</li>
 *   <li>obsolete asctime {@code Sun Nov  6 08:49:37 1994}.</li>
 * </ul>
 * Names are case-sensitive as the grammar says; the date must exist (no 29 Feb in a non-leap year,
 * no 31 Apr) and the weekday must be the real one, otherwise the value is malformed. Second 60 (a leap
 * second) is read as the first second of the next minute. Surrounding whitespace is trimmed.
 */
public final class HttpDates {

    private static final String DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    private static final String LONG_DAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    private static final String MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
    private static final String TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})";
    private static final Pattern IMF_FIXDATE =
            Pattern.compile(DAY + ", ([0-9]{2}) " + MONTH + " ([0-9]{4}) " + TIME + " GMT");
    private static final Pattern RFC_850 =
            Pattern.compile(LONG_DAY + ", ([0-9]{2})-" + MONTH + "-([0-9]{2}) " + TIME + " GMT");
    private static final Pattern ASCTIME =
            Pattern.compile(DAY + " " + MONTH + " ([0-9]{2}| [0-9]) " + TIME + " ([0-9]{4})");
    private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    private HttpDates() {}

    /**
     * Parses an HTTP-date.
     *
     * @param value the field value
     * @param now   the reference for the RFC 850 two-digit-year rule
     * @return the instant, or empty when the value is not a valid HTTP-date
     */
    public static Optional<Instant> parse(String value, Instant now) {
        String text = Decimals.trimOws(value);
        try {
            Optional<Instant> fixdate = imfFixdate(text);
            if (fixdate != null) {
                return fixdate;
            }
            Matcher imf = IMF_FIXDATE.matcher(text);
            if (imf.matches()) {
                return build(imf.group(1), number(imf.group(4)), imf.group(3), imf.group(2), imf, 5);
            }
            Matcher asctime = ASCTIME.matcher(text);
            if (asctime.matches()) {
                return build(
                        asctime.group(1), number(asctime.group(7)), asctime.group(2), asctime.group(3), asctime, 4);
            }
            Matcher rfc850 = RFC_850.matcher(text);
            if (rfc850.matches()) {
                int year = fourDigitYear(
                        number(rfc850.group(4)),
                        number(rfc850.group(2)),
                        monthNumber(rfc850.group(3)),
                        timeKey(rfc850, 5),
                        now);
                return build(rfc850.group(1).substring(0, 3), year, rfc850.group(3), rfc850.group(2), rfc850, 5);
            }
        } catch (DateTimeException | ArithmeticException impossible) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The IMF-fixdate every server sends, read without the regular expression (this runs on every
     * response): exactly what {@link #IMF_FIXDATE} matches is read here, and null (not empty) means the
     * text does not have that layout, so the general path decides.
     */
    private static Optional<Instant> imfFixdate(String t) {
        if (t.length() != 29
                || t.charAt(3) != ','
                || t.charAt(4) != ' '
                || t.charAt(7) != ' '
                || t.charAt(11) != ' '
                || t.charAt(16) != ' '
                || t.charAt(19) != ':'
                || t.charAt(22) != ':'
                || !t.startsWith(" GMT", 25)) {
            return null;
        }
        String dayName = t.substring(0, 3);
        int month = monthNumber(t.substring(8, 11));
        int day = digits(t, 5, 2);
        int year = digits(t, 12, 4);
        int hour = digits(t, 17, 2);
        int minute = digits(t, 20, 2);
        int second = digits(t, 23, 2);
        if (!DAYS.contains(dayName) || month == 0 || day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        return build(dayName, year, month, day, hour, minute, second);
    }

    /** The ASCII digits {@code t[from, from + count)} as a number; -1 if any is not one. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Optional<Instant> build(
            String dayName, int year, String month, String day, Matcher m, int timeGroup) {
        return build(
                dayName,
                year,
                monthNumber(month),
                number(day.trim()),
                number(m.group(timeGroup)),
                number(m.group(timeGroup + 1)),
                number(m.group(timeGroup + 2)));
    }

    private static Optional<Instant> build(
            String dayName, int year, int month, int day, int hour, int minute, int second) {
        if (hour > 23 || minute > 59 || second > 60) {
            return Optional.empty();
        }
        LocalDate date = LocalDate.of(year, month, day);
        if (!date.getDayOfWeek().equals(dayOfWeek(dayName))) {
            return Optional.empty();
        }
        LocalDateTime dateTime = date.atTime(hour, minute, Math.min(second, 59));
        return Optional.of(dateTime.toInstant(ZoneOffset.UTC).plusSeconds(second == 60 ? 1 : 0));
    }

    /**
     * The RFC 9110 rule: a two-digit year that would lie more than 50 years after {@code now} means the
     * most recent past year with the same last two digits. Chooses the latest of the three candidate
     * centuries around {@code now} that is not more than 50 years ahead.
     */
    static int fourDigitYear(int twoDigits, int day, int month, long timeKey, Instant now) {
        LocalDateTime limit = LocalDateTime.ofInstant(now, ZoneOffset.UTC).plusYears(50);
        long limitKey = key(
                limit.getYear(),
                limit.getMonthValue(),
                limit.getDayOfMonth(),
                (limit.getHour() * 60L + limit.getMinute()) * 61 + limit.getSecond());
        int century = Math.floorDiv(limit.getYear() - 50, 100) * 100;
        for (int candidate = century + 100 + twoDigits; ; candidate -= 100) {
            if (key(candidate, month, day, timeKey) <= limitKey) {
                return candidate;
            }
        }
    }

    private static long key(long year, int month, int day, long timeKey) {
        return ((year * 13 + month) * 32 + day) * 24L * 60 * 61 + timeKey;
    }

    private static long timeKey(Matcher m, int timeGroup) {
        return (number(m.group(timeGroup)) * 60L + number(m.group(timeGroup + 1))) * 61
                + number(m.group(timeGroup + 2));
    }

    private static int number(String digits) {
        return Integer.parseInt(digits.trim());
    }

    private static int monthNumber(String month) {
        return MONTHS.indexOf(month) + 1;
    }

    private static DayOfWeek dayOfWeek(String threeLetters) {
        return switch (threeLetters) {
            case "Mon" -> DayOfWeek.MONDAY;
            case "Tue" -> DayOfWeek.TUESDAY;
            case "Wed" -> DayOfWeek.WEDNESDAY;
            case "Thu" -> DayOfWeek.THURSDAY;
            case "Fri" -> DayOfWeek.FRIDAY;
            case "Sat" -> DayOfWeek.SATURDAY;
            default -> DayOfWeek.SUNDAY;
        };
    }
}
