package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.core.signals.WindowQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code x-ratelimit-*} family with a window suffix, as Cerebras sends it, and its name variants. */
class WindowedRateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-second, PT1S", "-minute, PT1M", "-hour, PT1H", "-day, PT24H"})
    void eachSuffixNamesItsWindow(String suffix, Duration window) {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests" + suffix, "100",
                "x-ratelimit-remaining-requests" + suffix, "7",
                "x-ratelimit-reset-requests" + suffix, "12.5");

        List<WindowQuota> windows = OpenAiRateLimitHeaders.windows(headers, NOW);

        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.resource()).isEqualTo("requests");
            assertThat(w.window()).isEqualTo(window);
            assertThat(w.limit()).isEqualTo(OptionalLong.of(100));
            assertThat(w.remaining()).isEqualTo(OptionalLong.of(7));
            assertThat(w.reset()).hasValue(Duration.ofMillis(12_500));
            assertThat(w.header()).isEqualTo("x-ratelimit-limit-requests" + suffix);
        });
        // only a minute or shorter window is a request quota (an hour's or a day's is no RPM)
        if (window.compareTo(Duration.ofMinutes(1)) <= 0) {
            assertThat(OpenAiRateLimitHeaders.figures(headers, NOW).requestQuota())
                    .hasValueSatisfying(q -> assertThat(q.window()).isEqualTo(window));
        } else {
            assertThat(OpenAiRateLimitHeaders.figures(headers, NOW).requestQuota())
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "x-ratelimit-remaining-tokens-minute, x-ratelimit-reset-tokens-minute",
        "X-RateLimit-Remaining-Tokens-Minute, X-RateLimit-Reset-Tokens-Minute",
        "x_ratelimit_remaining_tokens_minute, x_ratelimit_reset_tokens_minute",
        "X_RATELIMIT_REMAINING_TOKENS-MINUTE, x-RATELIMIT_reset-TOKENS_minute",
    })
    void hyphenUnderscoreAndCaseVariantsAreTheSameHeader(String remaining, String reset) {
        ResponseHeaders headers = ResponseHeaders.of(remaining, "0", reset, "11.382867097854614");

        assertThat(OpenAiRateLimitHeaders.tokensHint(headers, NOW))
                .map(ServerHint::source)
                .hasValue(WaitSource.X_RATELIMIT_RESET_TOKENS);
        assertThat(OpenAiRateLimitHeaders.tokensHint(headers, NOW))
                .map(ServerHint::delay)
                .hasValue(Duration.ofNanos(11_382_867_098L));
    }

    @Test
    void aResetBecomesAHintOnlyWhenItsOwnWindowIsSpent() {
        // given: the daily request window is spent, the per-minute token window is not (Cerebras' header set)
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests-day", "14400",
                "x-ratelimit-remaining-requests-day", "0",
                "x-ratelimit-reset-requests-day", "33011.382867097855",
                "x-ratelimit-limit-tokens-minute", "60000",
                "x-ratelimit-remaining-tokens-minute", "59000",
                "x-ratelimit-reset-tokens-minute", "11.382867097854614");

        assertThat(OpenAiRateLimitHeaders.requestsHint(headers, NOW))
                .map(ServerHint::raw)
                .hasValue("33011.382867097855");
        assertThat(OpenAiRateLimitHeaders.tokensHint(headers, NOW)).isEmpty();
    }

    @Test
    void whenSeveralWindowsOfAResourceAreSpentTheLongestResetWins() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-remaining-requests-minute", "0",
                "x-ratelimit-reset-requests-minute", "20",
                "x-ratelimit-remaining-requests-hour", "0",
                "x-ratelimit-reset-requests-hour", "1500",
                "x-ratelimit-remaining-requests-day", "3",
                "x-ratelimit-reset-requests-day", "80000");

        assertThat(OpenAiRateLimitHeaders.requestsHint(headers, NOW))
                .map(ServerHint::delay)
                .hasValue(Duration.ofSeconds(1500));
    }

    @Test
    void theFiguresComeFromTheFirstWindowThatHasAny() {
        // given: no unsuffixed family; minute and day both sent
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests-day", "14400",
                "x-ratelimit-limit-requests-minute", "30",
                "x-ratelimit-remaining-requests-minute", "29");

        QuotaFigures figures = OpenAiRateLimitHeaders.figures(headers, NOW);

        assertThat(figures.requestQuota()).hasValueSatisfying(q -> {
            assertThat(q.limit()).isEqualTo(30);
            assertThat(q.window()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(figures.remainingRequests()).hasValue(29);
        assertThat(OpenAiRateLimitHeaders.windows(headers, NOW))
                .extracting(WindowQuota::window)
                .containsExactly(Duration.ofMinutes(1), Duration.ofDays(1));
    }

    @Test
    void anUnknownSuffixIsNotAWindow() {
        ResponseHeaders headers =
                ResponseHeaders.of("x-ratelimit-remaining-requests-week", "0", "x-ratelimit-reset-requests-week", "20");

        assertThat(OpenAiRateLimitHeaders.windows(headers, NOW)).isEmpty();
        assertThat(OpenAiRateLimitHeaders.requestsHint(headers, NOW)).isEmpty();
    }

    @Test
    void anEpochResetInAWindowedHeaderIsReadAsAnInstant() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-remaining-tokens-hour", "0", "x-ratelimit-reset-tokens-hour", "1735690500000");

        assertThat(OpenAiRateLimitHeaders.tokensHint(headers, NOW))
                .map(ServerHint::delay)
                .hasValue(Duration.ofMinutes(15));
    }
}
