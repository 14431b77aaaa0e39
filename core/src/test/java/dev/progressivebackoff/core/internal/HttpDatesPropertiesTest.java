package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class HttpDatesPropertiesTest {

    private static final long YEAR_SECONDS = 365L * 86_400;

    @Property(tries = 1000)
    void allThreeFormatsOfTheSameInstantParseToIt(@ForAll("instants") Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        String day = utc.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        String month = utc.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d", utc.getHour(), utc.getMinute(), utc.getSecond());
        String imf = String.format(
                Locale.ROOT, "%s, %02d %s %04d %s GMT", day, utc.getDayOfMonth(), month, utc.getYear(), time);
        String asctime =
                String.format(Locale.ROOT, "%s %s %2d %s %04d", day, month, utc.getDayOfMonth(), time, utc.getYear());

        assertThat(HttpDates.parse(imf, Instant.EPOCH)).hasValue(instant);
        assertThat(HttpDates.parse(asctime, Instant.EPOCH)).hasValue(instant);
    }

    @Property(tries = 1000)
    void rfc850DatesWithinFiftyYearsEitherSideOfNowParseToTheRightCentury(
            @ForAll("instants") Instant now,
            @ForAll @LongRange(min = -49, max = 49) long yearsAway,
            @ForAll @LongRange(min = 0, max = 86_399) long secondOfDay) {
        Instant instant = now.plusSeconds(yearsAway * YEAR_SECONDS + secondOfDay);
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        String rfc850 = String.format(
                Locale.ROOT,
                "%s, %02d-%s-%02d %02d:%02d:%02d GMT",
                utc.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                utc.getDayOfMonth(),
                utc.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                Math.floorMod(utc.getYear(), 100),
                utc.getHour(),
                utc.getMinute(),
                utc.getSecond());

        assertThat(HttpDates.parse(rfc850, now)).hasValue(instant);
    }

    @Property(tries = 1000)
    void arbitraryTextNeverThrows(@ForAll String text, @ForAll("instants") Instant now) {
        assertThat(HttpDates.parse(text, now)).isNotNull();
    }

    @Provide
    Arbitrary<Instant> instants() {
        // years 1100 to 9800, so that fifty years either side still has four digits
        return Arbitraries.longs().between(-27_130_000_000L, 247_100_000_000L).map(Instant::ofEpochSecond);
    }
}
