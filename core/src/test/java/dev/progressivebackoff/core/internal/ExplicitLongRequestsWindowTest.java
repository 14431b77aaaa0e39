package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Explicit {@code -requests-hour} and {@code -requests-day} windows (Cerebras) give no RPM and hold a pacer only
 * once spent, as the long unsuffixed requests window does ({@link LongRequestsWindowTest}).
 */
class ExplicitLongRequestsWindowTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration DAY_RESET = Duration.ofNanos(33_011_382_867_098L);

    /** Cerebras' documented example (https://inference-docs.cerebras.ai/support/rate-limits), verbatim. */
    private static final ResponseHeaders CEREBRAS = ResponseHeaders.of(
            "x-ratelimit-limit-requests-day", "1000000000",
            "x-ratelimit-limit-tokens-minute", "1000000000",
            "x-ratelimit-remaining-requests-day", "999997455",
            "x-ratelimit-remaining-tokens-minute", "999998298",
            "x-ratelimit-reset-requests-day", "33011.382867097855",
            "x-ratelimit-reset-tokens-minute", "11.382867097854614");

    /** Cerebras' header table with a per-day requests count and, when given, a per-minute requests window. */
    private static ResponseHeaders day(String remainingDay, String... minute) {
        String[] day = {
            "x-ratelimit-limit-requests-day", "14400",
            "x-ratelimit-remaining-requests-day", remainingDay,
            "x-ratelimit-reset-requests-day", "33011.382867097854614"
        };
        String[] all = new String[day.length + minute.length];
        System.arraycopy(day, 0, all, 0, day.length);
        System.arraycopy(minute, 0, all, day.length, minute.length);
        return ResponseHeaders.of(all);
    }

    @Test
    void cerebrasDocumentedExampleGivesNoRequestQuotaNorCount() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(CEREBRAS, NOW);

        assertThat(figures.requestQuota()).isEmpty();
        assertThat(figures.remainingRequests()).isEmpty();
        assertThat(figures.resetRequests()).isEmpty();
        // the tokens family is read as before
        assertThat(figures.tokenQuota())
                .hasValueSatisfying(q -> assertThat(q.limit()).isEqualTo(1_000_000_000L));
        assertThat(figures.remainingTokens()).hasValue(999_998_298L);
    }

    @Test
    void theDayWindowIsStillListedWithEveryFigure() {
        RateLimitSignals signals = RateLimitSignals.parse(200, CEREBRAS, ErrorBody.EMPTY, NOW);

        assertThat(signals.requestQuota()).isEmpty();
        assertThat(signals.windows())
                .filteredOn(w -> w.resource().equals("requests"))
                .singleElement()
                .satisfies(w -> {
                    assertThat(w.window()).isEqualTo(Duration.ofDays(1));
                    assertThat(w.limit()).isEqualTo(OptionalLong.of(1_000_000_000L));
                    assertThat(w.remaining()).isEqualTo(OptionalLong.of(999_997_455L));
                });
    }

    @Test
    void aSpentDayHoldsThePacerUntilItsReset() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(day("0"), NOW);

        assertThat(figures.requestQuota()).isEmpty();
        assertThat(figures.remainingRequests()).hasValue(0);
        assertThat(figures.resetRequests()).hasValue(DAY_RESET);
    }

    @Test
    void aMinuteWindowIsTheRpmAndItsCountIsTheOneUsedWhileTheDayLasts() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(
                day(
                        "14399",
                        "x-ratelimit-limit-requests-minute",
                        "30",
                        "x-ratelimit-remaining-requests-minute",
                        "29",
                        "x-ratelimit-reset-requests-minute",
                        "2s"),
                NOW);

        assertThat(figures.requestQuota()).hasValueSatisfying(q -> {
            assertThat(q.requestsPerMinute()).isEqualTo(30);
            assertThat(q.header()).isEqualTo("x-ratelimit-limit-requests-minute");
        });
        assertThat(figures.remainingRequests()).hasValue(29);
        assertThat(figures.resetRequests()).hasValue(Duration.ofSeconds(2));
    }

    @Test
    void aSpentDayOutweighsTheMinuteWindowsCountButNotItsRpm() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(
                day(
                        "0",
                        "x-ratelimit-limit-requests-minute",
                        "30",
                        "x-ratelimit-remaining-requests-minute",
                        "29",
                        "x-ratelimit-reset-requests-minute",
                        "2s"),
                NOW);

        assertThat(figures.requestQuota()).map(q -> q.limit()).hasValue(30L);
        assertThat(figures.remainingRequests()).hasValue(0);
        assertThat(figures.resetRequests()).hasValue(DAY_RESET);
    }

    @Test
    void ofASpentHourAndASpentDayTheLaterResetHolds() {
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(
                day(
                        "0",
                        "x-ratelimit-limit-requests-hour",
                        "600",
                        "x-ratelimit-remaining-requests-hour",
                        "0",
                        "x-ratelimit-reset-requests-hour",
                        "1200"),
                NOW);

        assertThat(figures.requestQuota()).isEmpty();
        assertThat(figures.resetRequests()).hasValue(DAY_RESET);
    }

    @Test
    void aSecondWindowStillGivesAScaledRpm() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests-second", "2", "x-ratelimit-remaining-requests-second", "1");

        assertThat(OpenAiRateLimitHeaders.figures(headers, NOW).requestQuota())
                .hasValueSatisfying(q -> assertThat(q.requestsPerMinute()).isEqualTo(120));
    }

    @Property
    void anHourOrDayWindowNeverYieldsAnRpmAndHoldsOnlyWhenSpent(
            @ForAll @IntRange(min = 0, max = 1) int hourOrDay,
            @ForAll @LongRange(min = 1, max = 1_000_000_000) long limit,
            @ForAll @LongRange(min = 0, max = 1_000_000_000) long remaining,
            @ForAll @LongRange(min = 0, max = 86_400_000) long resetMillis) {
        String suffix = hourOrDay == 0 ? "-hour" : "-day";
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests" + suffix, Long.toString(limit),
                "x-ratelimit-remaining-requests" + suffix, Long.toString(remaining),
                "x-ratelimit-reset-requests" + suffix, resetMillis / 1000.0 + "");

        RateLimitSignals signals = RateLimitSignals.parse(200, headers, ErrorBody.EMPTY, NOW);

        assertThat(signals.requestQuota()).isEmpty();
        if (remaining == 0) {
            assertThat(signals.remainingRequests()).hasValue(0);
        } else {
            assertThat(signals.remainingRequests()).isEmpty();
            assertThat(signals.resetRequests()).isEmpty();
        }
    }
}
