package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnthropicHeadersTest {

    private static final Instant NOON = Instant.parse("2025-10-25T12:00:00Z");

    @Test
    void readsRequestAndTokenFigures() {
        ResponseHeaders headers = ResponseHeaders.of(
                "anthropic-ratelimit-requests-limit",
                "1000",
                "anthropic-ratelimit-requests-remaining",
                "999",
                "anthropic-ratelimit-requests-reset",
                "2025-10-25T12:00:06Z",
                "anthropic-ratelimit-tokens-limit",
                "80000",
                "anthropic-ratelimit-tokens-remaining",
                "79000",
                "anthropic-ratelimit-tokens-reset",
                "2025-10-25T12:00:30Z");

        QuotaFigures figures = AnthropicHeaders.figures(headers, NOON);

        assertThat(figures.requestQuota()).hasValueSatisfying(q -> {
            assertThat(q.requestsPerMinute()).isEqualTo(1000);
            assertThat(q.header()).isEqualTo("anthropic-ratelimit-requests-limit");
        });
        assertThat(figures.remainingRequests()).hasValue(999);
        assertThat(figures.resetRequests()).hasValue(Duration.ofSeconds(6));
        assertThat(figures.tokenQuota()).map(q -> q.limit()).hasValue(80000L);
        assertThat(figures.remainingTokens()).hasValue(79000);
        assertThat(figures.resetTokens()).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void tokenFiguresFallBackToTheInputTokenBudget() {
        ResponseHeaders headers = ResponseHeaders.of("anthropic-ratelimit-input-tokens-limit", "40000");

        assertThat(AnthropicHeaders.figures(headers, NOON).tokenQuota()).hasValueSatisfying(q -> {
            assertThat(q.limit()).isEqualTo(40000);
            assertThat(q.header()).isEqualTo("anthropic-ratelimit-input-tokens-limit");
        });
    }

    @Test
    void hintsTheLongestResetOfTheExhaustedBudgetsOnly() {
        ResponseHeaders headers = ResponseHeaders.of(
                "anthropic-ratelimit-requests-remaining",
                "3",
                "anthropic-ratelimit-requests-reset",
                "2025-10-25T13:00:00Z",
                "anthropic-ratelimit-input-tokens-remaining",
                "0",
                "anthropic-ratelimit-input-tokens-reset",
                "2025-10-25T12:00:20Z",
                "anthropic-ratelimit-output-tokens-remaining",
                "0",
                "anthropic-ratelimit-output-tokens-reset",
                "2025-10-25T14:00:45+02:00");

        assertThat(AnthropicHeaders.hint(headers, NOON)).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(Duration.ofSeconds(45));
            assertThat(hint.source()).isEqualTo(WaitSource.ANTHROPIC_RATELIMIT_RESET);
            assertThat(hint.raw()).isEqualTo("2025-10-25T14:00:45+02:00");
        });
    }

    @Test
    void aPastResetWaitsNothing() {
        ResponseHeaders headers = ResponseHeaders.of(
                "anthropic-ratelimit-requests-remaining",
                "0",
                "anthropic-ratelimit-requests-reset",
                "2025-10-25T11:59:00Z");

        assertThat(AnthropicHeaders.hint(headers, NOON)).map(ServerHint::delay).hasValue(Duration.ZERO);
    }

    @Test
    void ignoresMalformedResets() {
        ResponseHeaders headers = ResponseHeaders.of(
                "anthropic-ratelimit-requests-remaining",
                "0",
                "anthropic-ratelimit-requests-reset",
                "in 5 seconds",
                "anthropic-ratelimit-tokens-remaining",
                "0",
                "anthropic-ratelimit-tokens-reset",
                "2025-02-29T00:00:00Z");

        assertThat(AnthropicHeaders.hint(headers, NOON)).isEmpty();
    }
}
