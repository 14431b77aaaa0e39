package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacyRateLimitHeadersTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_706_875_150L);

    @ParameterizedTest(name = "{0} -> {1} ns")
    @CsvSource({
        "0,              0",
        "50,             50000000000",
        "999999999,      999999999000000000",
        "1706875200,     50000000000",
        "1706875150.25,  250000000",
        "1706875100,     0",
        "1000000000,     0",
        "1706875149.5,   0",
        "1706875200000,  50000000000",
        "1706875150500,  500000000",
        "1000000000000,  0"
    })
    void guessesTheUnitFromTheSize(String value, long nanos) {
        assertThat(LegacyRateLimitHeaders.parseReset(value, NOW)).hasValue(Duration.ofNanos(nanos));
    }

    @Test
    void epochValuesFarAheadSaturate() {
        assertThat(LegacyRateLimitHeaders.parseReset("999999999999", Instant.EPOCH))
                .hasValue(Seconds.SATURATED);
        assertThat(LegacyRateLimitHeaders.parseReset("9".repeat(80), NOW)).hasValue(Seconds.SATURATED);
    }

    @Test
    void isAHintOnlyWhenRemainingIsZero() {
        ResponseHeaders exhausted = ResponseHeaders.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1706875200");
        ResponseHeaders left = ResponseHeaders.of("X-RateLimit-Remaining", "1", "X-RateLimit-Reset", "1706875200");

        assertThat(LegacyRateLimitHeaders.hint(exhausted, NOW))
                .map(ServerHint::delay)
                .hasValue(Duration.ofSeconds(50));
        assertThat(LegacyRateLimitHeaders.hint(left, NOW)).isEmpty();
        assertThat(LegacyRateLimitHeaders.figures(left, NOW).resetRequests()).hasValue(Duration.ofSeconds(50));
    }

    @Test
    void readsTheLimitPerMinute() {
        QuotaFigures figures = LegacyRateLimitHeaders.figures(
                ResponseHeaders.of("X-RateLimit-Limit", "120", "X-RateLimit-Remaining", "7"), NOW);

        assertThat(figures.requestQuota()).hasValueSatisfying(q -> {
            assertThat(q.requestsPerMinute()).isEqualTo(120);
            assertThat(q.header()).isEqualTo("x-ratelimit-limit");
        });
        assertThat(figures.remainingRequests()).hasValue(7);
    }

    @Test
    void ignoresNegativeAndMalformedResets() {
        ResponseHeaders headers = ResponseHeaders.of(
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                "-50",
                "X-RateLimit-Reset",
                "soon",
                "X-RateLimit-Reset",
                "1e10");

        assertThat(LegacyRateLimitHeaders.hint(headers, NOW)).isEmpty();
    }
}
