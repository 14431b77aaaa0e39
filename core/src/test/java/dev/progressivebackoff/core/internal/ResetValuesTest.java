package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ResetValues}: Go durations, delay-seconds, and epoch seconds or milliseconds told apart by plausibility. */
class ResetValuesTest {

    /** 2025-01-01T00:00:00Z, the fixtures' {@code Date}: epoch second 1735689600. */
    private static final Instant DATE = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({
        // Go durations (OpenAI, Groq)
        "6m0s, 360000",
        "1s, 1000",
        "12ms, 12",
        "2m59.56s, 179560",
        "7.66s, 7660",
        "1h2m3s, 3723000",
        // delay-seconds (Cerebras sends many decimals)
        "20, 20000",
        "0, 0",
        "11.382867097854614, 11382.867098",
        "33011.382867097855, 33011382.867098",
        // just below 10^9: still delay-seconds (about 31.7 years), never an epoch
        "999999999, 999999999000",
    })
    void readsDurationsAndDelaySeconds(String value, double millis) {
        assertThat(ResetValues.parse(value, DATE))
                .hasValueSatisfying(wait -> assertThat(wait.toNanos() / 1e6).isCloseTo(millis, within(0.001)));
    }

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({
        // epoch seconds from 10^9
        "1735689630, 30000",
        "1735689630.5, 30500",
        "1735689600, 0",
        // epoch milliseconds from 10^12
        "1735689630000, 30000",
        "1735689600250, 250",
        // a reset up to a day in the past is a reset that has passed: no wait
        "1735689590, 0",
        "1735603200, 0",
        // up to 400 days ahead: a monthly or yearly window
        "1770249600, 34560000000",
    })
    void readsPlausibleEpochsAsTheTimeUntilThem(String value, long millis) {
        assertThat(ResetValues.parse(value, DATE)).hasValue(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1000000000", // 2001: long before the response
                "1735603199", // a second more than a day before it
                "1770249601", // a second more than 400 days after it
                "3250368000", // 2073: "until 2083"-style mistakes
                "1000000000000", // 2001 in milliseconds
                "99999999999999", // milliseconds, 5138
                "1e9",
                "",
                "   ",
                "-3",
                "+-1",
                "soon",
                "12 s",
                "1,5",
                "NaN",
                "0x10",
            })
    void ignoresImplausibleOrMalformedValues(String value) {
        assertThat(ResetValues.parse(value, DATE)).isEmpty();
    }

    @Test
    void optionalWhitespaceAroundTheValueIsTrimmed() {
        assertThat(ResetValues.parse(" \t20 ", DATE)).hasValue(Duration.ofSeconds(20));
        assertThat(ResetValues.parse(" 1735689630\t", DATE)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void anEpochIsMeasuredFromTheResponsesDateNotTheLocalClock() {
        // given: the local clock runs an hour ahead of the server's Date
        Instant now = DATE.plus(Duration.ofHours(1));
        ResponseHeaders headers = ResponseHeaders.of(
                "Date", "Wed, 01 Jan 2025 00:00:00 GMT",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "1735689630");

        // when
        RateLimitSignals signals = RateLimitSignals.parse(429, headers, ErrorBody.EMPTY, now);

        // then: 30 s after the server's Date, not "already passed" by the local clock
        assertThat(signals.measuredAt()).isEqualTo(DATE);
        assertThat(signals.preferredHint()).map(ServerHint::delay).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void withoutAValidDateAnEpochIsMeasuredFromNowAndItsPlausibilityToo() {
        // given: a garbled Date; now is 2025-01-01
        ResponseHeaders headers = ResponseHeaders.of(
                "Date", "yesterday-ish",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "1735689645");
        RateLimitSignals signals = RateLimitSignals.parse(429, headers, ErrorBody.EMPTY, DATE);

        assertThat(signals.measuredAt()).isEqualTo(DATE);
        assertThat(signals.preferredHint()).map(ServerHint::delay).hasValue(Duration.ofSeconds(45));
        assertThat(signals.preferredHint()).map(ServerHint::source).hasValue(WaitSource.X_RATELIMIT_RESET_REQUESTS);
    }

    @Test
    void theSameEpochIsImplausibleAgainstADateTwoYearsLater() {
        // given: a server whose Date says 2027; a 2025 epoch is more than a day behind it
        ResponseHeaders headers = ResponseHeaders.of(
                "Date", "Fri, 01 Jan 2027 00:00:00 GMT",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "1735689630");

        RateLimitSignals signals = RateLimitSignals.parse(429, headers, ErrorBody.EMPTY, DATE);

        assertThat(signals.hints()).isEmpty();
    }
}
