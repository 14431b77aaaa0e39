package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyHintsTest {

    @ParameterizedTest(name = "[{0}] -> {1} ms")
    @CsvSource(
            delimiter = '|',
            value = {
                "request reached organization max RPM: 3, please try again after 1 seconds | 1000",
                "Please try again in 644ms.                                                | 644",
                "Limit 30000, Used 29937. Please try again in 9.816s. Visit https://x      | 9816",
                "Please try again in 1m30s.                                                | 90000",
                "Please try again in 6m0s                                                  | 360000",
                "Please try again in 7m12.5s.                                              | 432500",
                "please try again after 20 seconds                                         | 20000",
                "Please try again in 1 second.                                             | 1000",
                "Please retry after 30 seconds                                             | 30000",
                "Retry in 2 minutes                                                        | 120000",
                "try again in 1 hour                                                       | 3600000",
                "TRY AGAIN IN 5 SECS                                                       | 5000",
                "try again in 500 milliseconds                                             | 500",
                "try again in 3 second(s)                                                  | 3000",
                "try again in 0.5 s                                                        | 500",
                "try again in 250\u00b5s                                                   | 0",
                "try again  after\t2 seconds                                               | 2000",
                "try again in 1s, or better try again in 3s                                | 3000"
            })
    void findsTheRetryHintInTheMessage(String message, long millis) {
        assertThat(BodyHints.hint(ErrorBody.ofText(message))).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(millis == 0 ? Duration.ofNanos(250_000) : Duration.ofMillis(millis));
            assertThat(hint.source()).isEqualTo(WaitSource.BODY_HINT);
        });
    }

    @ParameterizedTest(name = "[{0}] has no hint")
    @ValueSource(
            strings = {
                "The engine is currently overloaded, please try again later",
                "please try again after some time",
                "try again in a few seconds",
                "try again in -5 seconds",
                "try again in 5 sheep",
                "try again in 5days",
                "try again in 5sx",
                "Retry-After: 5",
                "rate limit 30000 tokens per min",
                ""
            })
    void findsNothingWithoutANumberAndAUnit(String message) {
        assertThat(BodyHints.hint(ErrorBody.ofText(message))).isEmpty();
    }

    @Test
    void anEmptyBodyHasNoHint() {
        assertThat(BodyHints.hint(ErrorBody.EMPTY)).isEmpty();
        assertThat(BodyHints.hint(new ErrorBody("rate_limit_exceeded", "try again in 5s", null)))
                .isEmpty();
    }

    @Test
    void keepsThePhraseAsTheRawValue() {
        assertThat(BodyHints.hint(ErrorBody.ofText("Please try again in 644ms.")))
                .map(ServerHint::raw)
                .hasValue("try again in 644ms");
    }

    @Test
    void saturatesAbsurdHints() {
        assertThat(BodyHints.hint(ErrorBody.ofText("try again in " + "9".repeat(60) + " hours")))
                .map(ServerHint::delay)
                .hasValue(Seconds.SATURATED);
    }
}
