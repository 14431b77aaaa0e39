package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2025-10-25T12:01:00Z            | 2025-10-25T12:01:00Z",
                "2025-10-25t12:01:00z            | 2025-10-25T12:01:00Z",
                "2025-10-25 12:01:00Z            | 2025-10-25T12:01:00Z",
                "2025-10-25T14:01:00+02:00       | 2025-10-25T12:01:00Z",
                "2025-10-25T07:31:00-04:30       | 2025-10-25T12:01:00Z",
                "2025-10-25T12:01:00.5Z          | 2025-10-25T12:01:00.500Z",
                "2025-10-25T12:01:00.123456789123Z | 2025-10-25T12:01:00.123456789Z",
                "2016-12-31T23:59:60Z            | 2017-01-01T00:00:00Z",
                "2024-02-29T00:00:00Z            | 2024-02-29T00:00:00Z"
            })
    void parsesRfc3339DateTimes(String value, String expected) {
        assertThat(Rfc3339Timestamps.parse(value)).hasValue(Instant.parse(expected));
    }

    @ParameterizedTest(name = "[{0}] is malformed")
    @ValueSource(
            strings = {
                "2025-02-29T00:00:00Z",
                "2025-04-31T00:00:00Z",
                "2025-13-01T00:00:00Z",
                "2025-10-25T24:00:00Z",
                "2025-10-25T12:60:00Z",
                "2025-10-25T12:00:61Z",
                "2025-10-25T12:01:00",
                "2025-10-25T12:01Z",
                "2025-10-25",
                "2025-10-25T12:01:00+0200",
                "2025-10-25T12:01:00+24:00",
                "2025-10-25T12:01:00.Z",
                "2025-10-25T12:01:00123Z",
                "25-10-25T12:01:00Z",
                "1761393660",
                ""
            })
    void rejectsImpossibleOrIncompleteTimestamps(String value) {
        assertThat(Rfc3339Timestamps.parse(value)).isEmpty();
    }
}
