package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DelaySecondsTest {

    @ParameterizedTest(name = "[{0}] -> {1} ns")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "0          | 0",
                "7          | 7000000000",
                "'\t 7 \t'  | 7000000000",
                "000000007  | 7000000000",
                "0.5        | 500000000",
                "2.000000001 | 2000000001",
                "0.0000000004 | 0",
                "0.0000000005 | 1"
            })
    void parsesAsciiDelaySecondsRoundedToTheNanosecond(String value, long nanos) {
        assertThat(DelaySeconds.parseSeconds(value)).hasValue(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "[{0}] is malformed")
    @ValueSource(
            strings = {
                "",
                " ",
                "-1",
                "+1",
                "1e3",
                "1.",
                ".5",
                "1.2.3",
                "0x10",
                "12 s",
                "1,5",
                "NaN",
                "Infinity",
                "\u0661\u0662",
                "１２",
                "12\n",
                "\n12",
                "1 2"
            })
    void rejectsAnythingButDigitsWithAnOptionalFraction(String value) {
        assertThat(DelaySeconds.parseSeconds(value)).isEmpty();
        assertThat(DelaySeconds.parseMillis(value)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}] saturates")
    @ValueSource(
            strings = {
                "3153600000",
                "9223372036854775807",
                "9223372036854775808",
                "99999999999999999999999999999999999999999999999999999999999999999999.9"
            })
    void saturatesHugeValues(String value) {
        assertThat(DelaySeconds.parseSeconds(value)).hasValue(Seconds.SATURATED);
    }

    @ParameterizedTest(name = "{0} ms")
    @CsvSource({"1500, 1500000000", "250, 250000000", "0.5, 500000", "0, 0"})
    void parsesMilliseconds(String value, long nanos) {
        assertThat(DelaySeconds.parseMillis(value)).hasValue(Duration.ofNanos(nanos));
    }

    @org.junit.jupiter.api.Test
    void saturatesHugeMilliseconds() {
        assertThat(DelaySeconds.parseMillis("1" + "0".repeat(40))).hasValue(Seconds.SATURATED);
        assertThat(DelaySeconds.parseMillis("3153600000000")).hasValue(Seconds.SATURATED);
        assertThat(DelaySeconds.parseMillis("3153599999999")).hasValue(Duration.ofMillis(3153599999999L));
    }

    @org.junit.jupiter.api.Test
    void aThousandDigitValueIsCheapAndSaturated() {
        assertThat(DelaySeconds.parseSeconds("9".repeat(1000) + "." + "9".repeat(1000)))
                .hasValue(Seconds.SATURATED);
        assertThat(DelaySeconds.parseSeconds("0".repeat(1000) + "3")).hasValue(Duration.ofSeconds(3));
    }
}
