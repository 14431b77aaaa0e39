package dev.progressivebackoff.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go duration strings: parsed as OpenAI's reset headers send them, formatted as the simulator sends them. */
class GoDurationsTest {

    @ParameterizedTest(name = "{0} -> {1} ns")
    @CsvSource({
        "1s,          1000000000",
        "6m0s,        360000000000",
        "12ms,        12000000",
        "1h2m3.5s,    3723500000000",
        "250us,       250000",
        "250\u00b5s,  250000",
        "250\u03bcs,  250000",
        "7ns,         7",
        "0,           0",
        "0s,          0",
        "+2s,         2000000000",
        "1.5h,        5400000000000",
        "1.s,         1000000000",
        ".5s,         500000000",
        "2m59.56s,    179560000000",
        "1h1h,        7200000000000",
        "1s1ms1us1ns, 1001001001",
        "0.0000000001s, 0"
    })
    void parsesGoDurationStrings(String value, long nanos) {
        assertThat(GoDurations.parse(value)).hasValue(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "[{0}] is ignored")
    @ValueSource(
            strings = {
                "-1s", "-0.5ms", "", " ", "1", "20", "s", ".s", "1..5s", "1sec", "1 s", "1S", "1H", "1d", "1s 2m", "ms",
                "1s-2s", "+", "-", "1e3s", "\u0661s"
            })
    void ignoresNegativeAndMalformedDurations(String value) {
        assertThat(GoDurations.parse(value)).isEmpty();
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertThat(GoDurations.parse(" \t6m0s\t ")).hasValue(Duration.ofMinutes(6));
    }

    @Test
    void saturatesDurationsGoWouldRejectAsOverflow() {
        assertThat(GoDurations.parse("9999999999999h")).hasValue(Seconds.SATURATED);
        assertThat(GoDurations.parse("1" + "0".repeat(500) + "ns")).hasValue(Seconds.SATURATED);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "300, 300ms", "20000, 20s", "1500, 1.5s", "60000, 1m0s", "3723500, 1h2m3.5s", "59999, 59.999s"
    })
    void formatsMillisecondsLikeGoDurationStrings(long millis, String expected) {
        assertThat(GoDurations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1, 1ms", "999999999, 1s", "1000000001, 1.001s"})
    void roundsUpToTheMillisecondSoNoClientRetriesEarly(long nanos, String expected) {
        assertThat(GoDurations.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }

    @Test
    void formatsNegativeDurationsAsZero() {
        assertThat(GoDurations.format(Duration.ofSeconds(-3))).isEqualTo("0s");
    }

    @ParameterizedTest
    @CsvSource({"1", "300", "20000", "1500", "60000", "3723500", "59999", "86400001"})
    void whatItFormatsItParsesBack(long millis) {
        Duration duration = Duration.ofMillis(millis);

        assertThat(GoDurations.parse(GoDurations.format(duration))).hasValue(duration);
    }
}
