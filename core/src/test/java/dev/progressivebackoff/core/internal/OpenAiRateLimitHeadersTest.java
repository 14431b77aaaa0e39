package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAiRateLimitHeadersTest {

    @Test
    void readsEveryFigurePerMinute() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests",
                "500",
                "x-ratelimit-remaining-requests",
                "499",
                "x-ratelimit-reset-requests",
                "120ms",
                "x-ratelimit-limit-tokens",
                "30000",
                "x-ratelimit-remaining-tokens",
                "29000",
                "x-ratelimit-reset-tokens",
                "2s");

        QuotaFigures figures = OpenAiRateLimitHeaders.figures(headers, Instant.EPOCH);

        assertThat(figures.requestQuota()).hasValueSatisfying(q -> {
            assertThat(q.limit()).isEqualTo(500);
            assertThat(q.window()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(figures.remainingRequests()).hasValue(499);
        assertThat(figures.resetRequests()).hasValue(Duration.ofMillis(120));
        assertThat(figures.tokenQuota()).map(q -> q.limit()).hasValue(30000L);
        assertThat(figures.remainingTokens()).hasValue(29000);
        assertThat(figures.resetTokens()).hasValue(Duration.ofSeconds(2));
    }

    @Test
    void acceptsPlainSecondsAsAResetToo() {
        assertThat(OpenAiRateLimitHeaders.parseReset("20", Instant.EPOCH)).hasValue(Duration.ofSeconds(20));
        assertThat(OpenAiRateLimitHeaders.parseReset("1.5", Instant.EPOCH)).hasValue(Duration.ofMillis(1500));
        assertThat(OpenAiRateLimitHeaders.parseReset("-3", Instant.EPOCH)).isEmpty();
    }

    @Test
    void aZeroLimitIsNoQuota() {
        assertThat(OpenAiRateLimitHeaders.figures(ResponseHeaders.of("x-ratelimit-limit-requests", "0"), Instant.EPOCH)
                        .requestQuota())
                .isEmpty();
    }

    @Test
    void repeatedLinesTakeTheLargestValidValue() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests",
                "60",
                "X-RateLimit-Limit-Requests",
                "junk",
                "x-ratelimit-limit-requests",
                "200",
                "x-ratelimit-remaining-requests",
                "0",
                "x-ratelimit-remaining-requests",
                "0",
                "x-ratelimit-reset-requests",
                "1s",
                "x-ratelimit-reset-requests",
                "50s",
                "x-ratelimit-reset-requests",
                "-9h");

        assertThat(OpenAiRateLimitHeaders.figures(headers, Instant.EPOCH).requestQuota())
                .map(q -> q.limit())
                .hasValue(200L);
        assertThat(OpenAiRateLimitHeaders.requestsHint(headers, Instant.EPOCH)).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(Duration.ofSeconds(50));
            assertThat(hint.raw()).isEqualTo("50s");
        });
    }

    @Test
    void aRemainingThatIsMalformedIsNotZero() {
        ResponseHeaders headers =
                ResponseHeaders.of("x-ratelimit-remaining-tokens", "none", "x-ratelimit-reset-tokens", "3s");

        assertThat(OpenAiRateLimitHeaders.tokensHint(headers, Instant.EPOCH)).isEmpty();
    }

    @Test
    void requestAndTokenHintsAreIndependent() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-remaining-requests",
                "5",
                "x-ratelimit-reset-requests",
                "1s",
                "x-ratelimit-remaining-tokens",
                "0",
                "x-ratelimit-reset-tokens",
                "250\u00b5s");

        assertThat(OpenAiRateLimitHeaders.requestsHint(headers, Instant.EPOCH)).isEmpty();
        assertThat(OpenAiRateLimitHeaders.tokensHint(headers, Instant.EPOCH))
                .map(ServerHint::delay)
                .hasValue(Duration.ofNanos(250_000));
    }
}
