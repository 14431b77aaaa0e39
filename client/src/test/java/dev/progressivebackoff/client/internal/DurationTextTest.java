package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void parsesSecondsUnitsCompoundsIsoAndPlainNumbers() {
        assertThat(DurationText.parse("900s")).isEqualTo(Duration.ofSeconds(900));
        assertThat(DurationText.parse("0.3s")).isEqualTo(Duration.ofMillis(300));
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationText.parse("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationText.parse("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse(" 42 ")).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThatThrownBy(() -> DurationText.parse("")).hasMessageContaining("empty duration");
        assertThatThrownBy(() -> DurationText.parse("soon")).hasMessageContaining("not a duration: 'soon'");
        assertThatThrownBy(() -> DurationText.parse("5 s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("5sx")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("-5s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("PT-5S")).hasMessageContaining("must not be negative");
    }

    @Test
    void formatsWholeSecondsWithoutAFraction() {
        assertThat(DurationText.format(Duration.ofSeconds(900))).isEqualTo("900s");
        assertThat(DurationText.format(Duration.ofMillis(300))).isEqualTo("0.3s");
        assertThat(DurationText.format(Duration.ofMillis(12))).isEqualTo("0.012s");
    }
}
