package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WindowQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The unsuffixed {@code x-ratelimit-*-requests} family whose reset shows a window longer than a minute (Groq's
 * per-day figures) is no RPM, while per-minute readings (OpenAI's documented examples) are unchanged.
 */
class LongRequestsWindowTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    /** Groq's documented example (https://console.groq.com/docs/rate-limits), requests per day. */
    private static ResponseHeaders groq(String remainingRequests) {
        return ResponseHeaders.of(
                "x-ratelimit-limit-requests", "14400",
                "x-ratelimit-limit-tokens", "18000",
                "x-ratelimit-remaining-requests", remainingRequests,
                "x-ratelimit-remaining-tokens", "17997",
                "x-ratelimit-reset-requests", "2m59.56s",
                "x-ratelimit-reset-tokens", "7.66s");
    }

    @Test
    void groqsDocumentedRequestsPerDayAreNoRequestsPerMinute() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(groq("14370"), NOW);

        assertThat(figures.requestQuota()).isEmpty();
        // a count left of a day says nothing about the next minute: it must not let starts through unspaced
        assertThat(figures.remainingRequests()).isEmpty();
        assertThat(figures.resetRequests()).isEmpty();
        // the tokens stay per minute
        assertThat(figures.tokenQuota()).hasValueSatisfying(q -> {
            assertThat(q.limit()).isEqualTo(18000);
            assertThat(q.window()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(figures.remainingTokens()).hasValue(17997);
        assertThat(figures.resetTokens()).hasValue(Duration.ofMillis(7660));
    }

    @Test
    void groqsRequestsWindowIsListedAsADayWithEveryFigure() {
        assertThat(OpenAiRateLimitHeaders.windows(groq("14370"), NOW))
                .filteredOn(w -> w.resource().equals("requests"))
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.window()).isEqualTo(Duration.ofDays(1));
                    assertThat(w.limit()).isEqualTo(OptionalLong.of(14400));
                    assertThat(w.remaining()).isEqualTo(OptionalLong.of(14370));
                    assertThat(w.reset()).hasValue(Duration.ofMillis(179_560));
                });
    }

    @Test
    void aSpentDayStillHoldsThePacerUntilTheReset() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(groq("0"), NOW);

        assertThat(figures.requestQuota()).isEmpty();
        assertThat(figures.remainingRequests()).hasValue(0);
        assertThat(figures.resetRequests()).hasValue(Duration.ofMillis(179_560));
        assertThat(OpenAiRateLimitHeaders.requestsHint(groq("0"), NOW))
                .map(ServerHint::delay)
                .hasValue(Duration.ofMillis(179_560));
    }

    @Test
    void aResetBeyondADayIsTheWindowsLength() {
        ResponseHeaders headers =
                ResponseHeaders.of("x-ratelimit-limit-requests", "1000", "x-ratelimit-reset-requests", "72h0m0s");

        assertThat(OpenAiRateLimitHeaders.windows(headers, NOW))
                .extracting(WindowQuota::window)
                .containsExactly(Duration.ofHours(72));
    }

    @Test
    void anExplicitMinuteWindowIsPreferredOverALongUnsuffixedOne() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests", "14400",
                "x-ratelimit-remaining-requests", "14370",
                "x-ratelimit-reset-requests", "2m59.56s",
                "x-ratelimit-limit-requests-minute", "30",
                "x-ratelimit-remaining-requests-minute", "29");

        QuotaFigures figures = OpenAiRateLimitHeaders.figures(headers, NOW);

        assertThat(figures.requestQuota()).map(q -> q.limit()).hasValue(30L);
        assertThat(figures.remainingRequests()).hasValue(29);
    }

    @Test
    void openAisDocumentedExampleStaysPerMinute() {
        // https://platform.openai.com/docs/guides/rate-limits: the tokens reset of 6m0s is still per minute
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests", "60",
                "x-ratelimit-limit-tokens", "150000",
                "x-ratelimit-remaining-requests", "59",
                "x-ratelimit-remaining-tokens", "149984",
                "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-reset-tokens", "6m0s");

        QuotaFigures figures = OpenAiRateLimitHeaders.figures(headers, NOW);

        assertThat(figures.requestQuota())
                .hasValueSatisfying(q -> assertThat(q.requestsPerMinute()).isEqualTo(60));
        assertThat(figures.remainingRequests()).hasValue(59);
        assertThat(figures.resetRequests()).hasValue(Duration.ofSeconds(1));
        assertThat(figures.tokenQuota()).hasValueSatisfying(q -> {
            assertThat(q.limit()).isEqualTo(150000);
            assertThat(q.window()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(figures.resetTokens()).hasValue(Duration.ofMinutes(6));
        assertThat(OpenAiRateLimitHeaders.windows(headers, NOW))
                .extracting(WindowQuota::window)
                .containsOnly(Duration.ofMinutes(1));
    }

    @Test
    void aResetOfAMinuteAndASecondIsStillAMinute() {
        ResponseHeaders headers =
                ResponseHeaders.of("x-ratelimit-limit-requests", "30", "x-ratelimit-reset-requests", "61s");

        assertThat(OpenAiRateLimitHeaders.figures(headers, NOW).requestQuota())
                .hasValueSatisfying(q -> assertThat(q.requestsPerMinute()).isEqualTo(30));
    }

    @Property
    void anyRequestsResetBeyond61SecondsNeverYieldsAnRpm(
            @ForAll @LongRange(min = 61_001, max = 400L * 86_400_000) long resetMillis,
            @ForAll @LongRange(min = 1, max = 1_000_000_000) long limit,
            @ForAll @LongRange(min = 0, max = 1_000_000_000) long remaining) {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests", Long.toString(limit),
                "x-ratelimit-remaining-requests", Long.toString(remaining),
                "x-ratelimit-reset-requests", resetMillis + "ms");

        RateLimitSignals signals = RateLimitSignals.parse(200, headers, ErrorBody.EMPTY, NOW);

        assertThat(signals.requestQuota()).isEmpty();
        assertThat(signals.windows())
                .filteredOn(w -> w.resource().equals("requests"))
                .allSatisfy(w -> assertThat(w.window()).isGreaterThanOrEqualTo(Duration.ofDays(1)));
    }
}
