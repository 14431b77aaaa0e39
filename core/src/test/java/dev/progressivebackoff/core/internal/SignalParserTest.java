package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalParserTest {

    private static final Instant NOW = Instant.parse("2025-10-25T12:00:00Z");
    private static final String DATE = "Sat, 25 Oct 2025 11:00:00 GMT";
    private static final Instant DATE_INSTANT = Instant.parse("2025-10-25T11:00:00Z");

    /** One header set that carries every kind of hint, each with a distinct wait. */
    private static List<String> everyHint() {
        return new ArrayList<>(List.of(
                "retry-after-ms",
                "1000",
                "Retry-After",
                "2",
                "x-retry-after",
                "3",
                "RateLimit",
                "\"default\";r=0;t=4",
                "x-ratelimit-remaining-requests",
                "0",
                "x-ratelimit-reset-requests",
                "5s",
                "x-ratelimit-remaining-tokens",
                "0",
                "x-ratelimit-reset-tokens",
                "6s",
                "anthropic-ratelimit-requests-remaining",
                "0",
                "anthropic-ratelimit-requests-reset",
                "2025-10-25T12:00:07Z",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                "8"));
    }

    private static RateLimitSignals parse(int status, List<String> headers, ErrorBody body) {
        return SignalParser.parse(status, ResponseHeaders.of(headers.toArray(String[]::new)), body, NOW);
    }

    @Test
    void listsEveryValidHintInPrecedenceOrder() {
        RateLimitSignals signals = parse(429, everyHint(), ErrorBody.ofText("please try again after 9 seconds"));

        assertThat(signals.hints())
                .extracting(ServerHint::source)
                .containsExactly(
                        WaitSource.RETRY_AFTER_MS,
                        WaitSource.RETRY_AFTER,
                        WaitSource.X_RETRY_AFTER,
                        WaitSource.RATELIMIT,
                        WaitSource.X_RATELIMIT_RESET_REQUESTS,
                        WaitSource.X_RATELIMIT_RESET_TOKENS,
                        WaitSource.ANTHROPIC_RATELIMIT_RESET,
                        WaitSource.X_RATELIMIT_RESET,
                        WaitSource.BODY_HINT);
        assertThat(signals.hints())
                .extracting(ServerHint::delay)
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(6),
                        Duration.ofSeconds(7),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(9));
    }

    @Test
    void eachSourceWinsOnceEveryStrongerSourceIsGone() {
        List<String> headers = everyHint();
        ErrorBody body = ErrorBody.ofText("please try again after 9 seconds");
        List<WaitSource> expected = List.of(
                WaitSource.RETRY_AFTER_MS,
                WaitSource.RETRY_AFTER,
                WaitSource.X_RETRY_AFTER,
                WaitSource.RATELIMIT,
                WaitSource.X_RATELIMIT_RESET_REQUESTS,
                WaitSource.X_RATELIMIT_RESET_TOKENS,
                WaitSource.ANTHROPIC_RATELIMIT_RESET,
                WaitSource.X_RATELIMIT_RESET);
        for (WaitSource source : expected) {
            RateLimitSignals signals = parse(429, headers, body);
            assertThat(signals.preferredHint()).map(ServerHint::source).hasValue(source);
            headers = withoutFirstHintHeaders(headers);
        }
        assertThat(parse(429, headers, body).preferredHint())
                .map(ServerHint::source)
                .hasValue(WaitSource.BODY_HINT);
        assertThat(parse(429, headers, ErrorBody.EMPTY).hints()).isEmpty();
    }

    /** Removes the header(s) of the strongest hint in {@link #everyHint()} order. */
    private static List<String> withoutFirstHintHeaders(List<String> headers) {
        String first = headers.get(0);
        int pairs = first.startsWith("x-ratelimit-remaining")
                        || first.startsWith("anthropic")
                        || first.startsWith("X-RateLimit")
                ? 2
                : 1;
        return new ArrayList<>(headers.subList(pairs * 2, headers.size()));
    }

    @Test
    void aMalformedStrongerHintFallsThroughToTheNextValidOne() {
        RateLimitSignals signals = parse(
                429,
                List.of(
                        "retry-after-ms",
                        "-5",
                        "Retry-After",
                        "Sat, 29 Feb 2025 00:00:00 GMT",
                        "x-retry-after",
                        "1e3",
                        "RateLimit",
                        "\"d\";r=0;t=-1",
                        "x-ratelimit-remaining-requests",
                        "0",
                        "x-ratelimit-reset-requests",
                        "12ms"),
                ErrorBody.EMPTY);

        assertThat(signals.hints()).singleElement().satisfies(hint -> {
            assertThat(hint.source()).isEqualTo(WaitSource.X_RATELIMIT_RESET_REQUESTS);
            assertThat(hint.delay()).isEqualTo(Duration.ofMillis(12));
        });
    }

    @Test
    void repeatedRetryAfterTakesTheLongestValidWaitWhateverItsFormat() {
        RateLimitSignals signals = parse(
                429,
                List.of(
                        "Retry-After",
                        "30",
                        "retry-after",
                        "Sat, 25 Oct 2025 12:01:00 GMT",
                        "RETRY-AFTER",
                        "junk",
                        "Retry-After",
                        "45"),
                ErrorBody.EMPTY);

        assertThat(signals.preferredHint()).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(Duration.ofSeconds(60));
            assertThat(hint.raw()).isEqualTo("Sat, 25 Oct 2025 12:01:00 GMT");
        });
    }

    @ParameterizedTest(name = "Date: {0}")
    @ValueSource(strings = {DATE, "Saturday, 25-Oct-25 11:00:00 GMT", "Sat Oct 25 11:00:00 2025", "  " + DATE + "\t"})
    void measuresFromAValidDateHeaderInAnyOfTheThreeFormats(String date) {
        RateLimitSignals signals =
                parse(429, List.of("Date", date, "Retry-After", "Sat, 25 Oct 2025 11:00:30 GMT"), ErrorBody.EMPTY);

        assertThat(signals.measuredAt()).isEqualTo(DATE_INSTANT);
        assertThat(signals.preferredHint()).map(ServerHint::delay).hasValue(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "Date: [{0}]")
    @ValueSource(strings = {"", "yesterday", "Fri, 25 Oct 2025 11:00:00 GMT", "2025-10-25T11:00:00Z"})
    void fallsBackToNowWhenTheDateHeaderIsInvalid(String date) {
        RateLimitSignals signals =
                parse(429, List.of("Date", date, "Retry-After", "Sat, 25 Oct 2025 12:00:30 GMT"), ErrorBody.EMPTY);

        assertThat(signals.measuredAt()).isEqualTo(NOW);
        assertThat(signals.preferredHint()).map(ServerHint::delay).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void withoutADateHeaderMeasuresFromNow() {
        RateLimitSignals signals = parse(429, List.of("Retry-After", "Sat, 25 Oct 2025 11:59:00 GMT"), ErrorBody.EMPTY);

        assertThat(signals.measuredAt()).isEqualTo(NOW);
        assertThat(signals.preferredHint()).map(ServerHint::delay).hasValue(Duration.ZERO);
    }

    @Test
    void epochAndRfc3339ResetsAreMeasuredFromTheDateHeaderToo() {
        RateLimitSignals signals = parse(
                429,
                List.of(
                        "Date",
                        DATE,
                        "anthropic-ratelimit-tokens-remaining",
                        "0",
                        "anthropic-ratelimit-tokens-reset",
                        "2025-10-25T11:00:10Z",
                        "X-RateLimit-Remaining",
                        "0",
                        "X-RateLimit-Reset",
                        String.valueOf(DATE_INSTANT.getEpochSecond() + 20)),
                ErrorBody.EMPTY);

        assertThat(signals.hints())
                .extracting(ServerHint::delay)
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(signals.resetTokens()).hasValue(Duration.ofSeconds(10));
    }

    @Test
    void parsesHintsForAnyStatus() {
        RateLimitSignals signals = parse(503, List.of("Retry-After", "7"), ErrorBody.EMPTY);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.TRANSIENT);
        assertThat(signals.preferredHint()).map(ServerHint::delay).hasValue(Duration.ofSeconds(7));
    }

    @Test
    void quotaFiguresComeFromTheFirstFamilyThatHasThem() {
        RateLimitSignals signals = parse(
                200,
                List.of(
                        "X-RateLimit-Limit",
                        "10",
                        "X-RateLimit-Remaining",
                        "1",
                        "RateLimit-Limit",
                        "20",
                        "RateLimit-Policy",
                        "\"p\";q=30;w=60",
                        "anthropic-ratelimit-requests-limit",
                        "40",
                        "anthropic-ratelimit-requests-remaining",
                        "4",
                        "x-ratelimit-limit-requests",
                        "50",
                        "x-ratelimit-limit-tokens",
                        "5000"),
                ErrorBody.EMPTY);

        assertThat(signals.requestQuota()).map(q -> q.header()).hasValue("x-ratelimit-limit-requests");
        assertThat(signals.remainingRequests()).hasValue(4);
        assertThat(signals.tokenQuota()).map(q -> q.limit()).hasValue(5000L);
        assertThat(signals.resetRequests()).isEmpty();
    }

    @Test
    void quotaFallsBackThroughEveryFamily() {
        assertThat(parse(
                                200,
                                List.of("anthropic-ratelimit-requests-limit", "40", "RateLimit-Limit", "20"),
                                ErrorBody.EMPTY)
                        .requestQuota())
                .map(q -> q.header())
                .hasValue("anthropic-ratelimit-requests-limit");
        assertThat(parse(200, List.of("RateLimit-Policy", "\"p\";q=30;w=60", "RateLimit-Limit", "20"), ErrorBody.EMPTY)
                        .requestQuota())
                .map(q -> q.header())
                .hasValue("ratelimit-policy");
        assertThat(parse(200, List.of("RateLimit-Limit", "20", "X-RateLimit-Limit", "10"), ErrorBody.EMPTY)
                        .requestQuota())
                .map(q -> q.header())
                .hasValue("ratelimit-limit");
        assertThat(parse(200, List.of("X-RateLimit-Limit", "10"), ErrorBody.EMPTY)
                        .requestQuota())
                .map(q -> q.header())
                .hasValue("x-ratelimit-limit");
        assertThat(parse(200, List.of(), ErrorBody.EMPTY).requestQuota()).isEmpty();
    }

    @Test
    void readsXShouldRetry() {
        assertThat(parse(200, List.of("x-should-retry", " TRUE "), ErrorBody.EMPTY)
                        .shouldRetry())
                .hasValue(true);
        assertThat(parse(200, List.of("x-should-retry", "false"), ErrorBody.EMPTY)
                        .shouldRetry())
                .hasValue(false);
        assertThat(parse(200, List.of("x-should-retry", "maybe"), ErrorBody.EMPTY)
                        .shouldRetry())
                .isEmpty();
        assertThat(parse(200, List.of("x-should-retry", "true", "x-should-retry", "false"), ErrorBody.EMPTY)
                        .shouldRetry())
                .hasValue(false);
    }

    @Test
    void xShouldRetryFalseFeedsTheClassification() {
        RateLimitSignals signals = parse(429, List.of("x-should-retry", "false", "Retry-After", "5"), ErrorBody.EMPTY);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(signals.hints()).isNotEmpty();
    }

    @Test
    void treatsNullHeadersAndBodyAsEmpty() {
        RateLimitSignals signals = SignalParser.parse(429, null, null, NOW);

        assertThat(signals.hints()).isEmpty();
        assertThat(signals.errorBody()).isEqualTo(ErrorBody.EMPTY);
        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.RATE_LIMITED);
    }
}
