package dev.progressivebackoff.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecondsTest {

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({
        "20000000000, 20.0s",
        "300000000, 0.3s",
        "120000000, 0.12s",
        "12000000, 0.012s",
        "6000000, 0.006s",
        "1260000000000, 1260.0s",
        "0, 0.0s",
        "1, 0.000000001s",
        "9600000000, 9.6s"
    })
    void formatsDurationsInTheDocumentedLogForm(long nanos, String expected) {
        assertThat(Seconds.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }

    @Test
    void formatsANegativeDurationWithItsSign() {
        assertThat(Seconds.plain(Duration.ofMillis(-1_500))).isEqualTo("-1.5");
    }

    @Test
    void convertsFractionalSecondsToTheNearestNanosecond() {
        assertThat(Seconds.toDuration(0.3)).isEqualTo(Duration.ofMillis(300));
        assertThat(Seconds.toDuration(0.012)).isEqualTo(Duration.ofMillis(12));
        assertThat(Seconds.toDuration(1.5)).isEqualTo(Duration.ofMillis(1_500));
        assertThat(Seconds.toDuration(-0.0)).isEqualTo(Duration.ZERO);
        assertThat(Seconds.of(Duration.ofMillis(644))).isEqualTo(0.644);
    }

    @Test
    void saturatesHugeValues() {
        assertThat(Seconds.toDuration(1e300)).isEqualTo(Seconds.SATURATED);
        assertThat(Seconds.toDuration(Double.POSITIVE_INFINITY)).isEqualTo(Seconds.SATURATED);
    }

    @Test
    void rejectsNegativeAndNaN() {
        assertThatThrownBy(() -> Seconds.toDuration(-0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Seconds.toDuration(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void anyNonNegativeNumberBecomesADurationWithinSaturation(
            @ForAll @DoubleRange(min = 0.0, max = Double.MAX_VALUE) double seconds) {
        Duration duration = Seconds.toDuration(seconds);

        assertThat(duration).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Seconds.SATURATED);
        if (seconds < 1e9) {
            assertThat(Seconds.of(duration)).isCloseTo(seconds, org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
