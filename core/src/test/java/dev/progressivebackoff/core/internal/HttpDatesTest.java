package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

    private static final Instant NOW_1994 = Instant.parse("1994-11-06T00:00:00Z");
    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "Sun, 06 Nov 1994 08:49:37 GMT",
                "Sunday, 06-Nov-94 08:49:37 GMT",
                "Sun Nov  6 08:49:37 1994",
                "Sun Nov 06 08:49:37 1994",
                " \tSun, 06 Nov 1994 08:49:37 GMT\t "
            })
    void acceptsAllThreeRfc9110Formats(String value) {
        assertThat(HttpDates.parse(value, NOW_1994)).hasValue(RFC_EXAMPLE);
    }

    @Test
    void asctimeAcceptsTwoDigitDays() {
        assertThat(HttpDates.parse("Thu Nov 16 08:49:37 1995", NOW_1994))
                .hasValue(Instant.parse("1995-11-16T08:49:37Z"));
    }

    @ParameterizedTest(name = "[{0}] is malformed")
    @ValueSource(
            strings = {
                "Sat, 29 Feb 2025 00:00:00 GMT",
                "Fri, 29 Feb 2100 00:00:00 GMT",
                "Thu, 31 Apr 2025 00:00:00 GMT",
                "Mon, 00 Jan 2024 00:00:00 GMT",
                "Mon, 06 Nov 1994 08:49:37 GMT",
                "Monday, 06-Nov-94 08:49:37 GMT",
                "Mon Nov  6 08:49:37 1994",
                "Sun, 06 Nov 1994 24:00:00 GMT",
                "Sun, 06 Nov 1994 08:60:00 GMT",
                "Sun, 06 Nov 1994 08:49:61 GMT",
                "sun, 06 nov 1994 08:49:37 gmt",
                "Sun, 06 Nov 1994 08:49:37 UTC",
                "Sun, 06 Nov 1994 08:49:37 +0000",
                "Sun, 6 Nov 1994 08:49:37 GMT",
                "Sun,  06 Nov 1994 08:49:37 GMT",
                "Sun, 06 Nov 94 08:49:37 GMT",
                "Sun, 06-Nov-1994 08:49:37 GMT",
                "Sun, 06-Nov-94 08:49:37 GMT",
                "Sunday, 06 Nov 1994 08:49:37 GMT",
                "Sun Nov 6 08:49:37 1994",
                "Sun Nov  6 08:49:37 1994 GMT",
                "1994-11-06T08:49:37Z",
                "Sun, 06 Nov 1994 08:49:37 GMT junk",
                "Sun, 06 Nov 1994 08:49 GMT",
                "Sun, \u0660\u0666 Nov 1994 08:49:37 GMT",
                ""
            })
    void rejectsImpossibleDatesWrongWeekdaysAndOtherFormats(String value) {
        assertThat(HttpDates.parse(value, NOW_1994)).isEmpty();
    }

    @Test
    void acceptsTheLeapDayOfALeapYear() {
        assertThat(HttpDates.parse("Thu, 29 Feb 2024 12:00:00 GMT", NOW_1994))
                .hasValue(Instant.parse("2024-02-29T12:00:00Z"));
        assertThat(HttpDates.parse("Tue, 29 Feb 2000 12:00:00 GMT", NOW_1994))
                .hasValue(Instant.parse("2000-02-29T12:00:00Z"));
    }

    @Test
    void readsALeapSecondAsTheNextMinutesFirstSecond() {
        assertThat(HttpDates.parse("Sat, 31 Dec 2016 23:59:60 GMT", NOW_1994))
                .hasValue(Instant.parse("2017-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} read at {1} is {2}")
    @CsvSource({
        "'Sunday, 06-Nov-94 08:49:37 GMT',    2025-06-01T00:00:00Z, 1994-11-06T08:49:37Z",
        "'Thursday, 01-Jan-26 00:00:00 GMT',  2025-06-01T00:00:00Z, 2026-01-01T00:00:00Z",
        "'Sunday, 02-Jun-75 00:00:00 GMT',    2025-06-03T00:00:00Z, 2075-06-02T00:00:00Z",
        "'Monday, 02-Jun-75 00:00:00 GMT',    2025-06-01T00:00:00Z, 1975-06-02T00:00:00Z",
        "'Saturday, 01-Jan-00 00:00:00 GMT',  2025-06-01T00:00:00Z, 2000-01-01T00:00:00Z",
        "'Thursday, 01-Jan-70 00:00:00 GMT',  1990-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "'Sunday, 01-Jan-40 00:00:00 GMT',    1990-01-01T00:00:00Z, 2040-01-01T00:00:00Z",
        "'Tuesday, 01-Jan-04 00:00:00 GMT',   2090-01-01T00:00:00Z, 2104-01-01T00:00:00Z"
    })
    void readsTwoDigitYearsAsTheLatestYearNotMoreThanFiftyYearsAhead(String value, String now, String expected) {
        assertThat(HttpDates.parse(value, Instant.parse(now))).hasValue(Instant.parse(expected));
    }

    @Test
    void checksTheWeekdayOfTheResolvedCentury() {
        // 06-Nov-94 is a Sunday in 1994 but a Saturday in 2094
        assertThat(HttpDates.parse("Saturday, 06-Nov-94 08:49:37 GMT", Instant.parse("2025-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(HttpDates.parse("Saturday, 06-Nov-94 08:49:37 GMT", Instant.parse("2080-01-01T00:00:00Z")))
                .hasValue(Instant.parse("2094-11-06T08:49:37Z"));
    }

    @Test
    void rejectsTwoDigitYearLeapDaysThatDoNotExistInTheResolvedCentury() {
        // 29-Feb-00 exists in 2000 but not in 2100
        assertThat(HttpDates.parse("Tuesday, 29-Feb-00 00:00:00 GMT", Instant.parse("2025-01-01T00:00:00Z")))
                .hasValue(Instant.parse("2000-02-29T00:00:00Z"));
        assertThat(HttpDates.parse("Monday, 29-Feb-00 00:00:00 GMT", Instant.parse("2070-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void neverThrowsForAnExtremeNow() {
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", Instant.MAX))
                .isEmpty();
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT", Instant.MIN))
                .hasValue(RFC_EXAMPLE);
    }
}
