package dev.progressivebackoff.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationsTest {

    @ParameterizedTest
    @CsvSource({"0, 0s", "300, 300ms", "20000, 20s", "1500, 1.5s", "60000, 1m0s", "3723500, 1h2m3.5s",
            "59999, 59.999s"})
    void formatsMillisecondsLikeGoDurationStrings(long millis, String expected) {
        assertThat(GoDurations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1, 1ms", "999999999, 1s", "1000000001, 1.001s"})
    void roundsUpToTheMillisecondSoNoClientRetriesEarly(long nanos, String expected) {
        assertThat(GoDurations.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }
}
