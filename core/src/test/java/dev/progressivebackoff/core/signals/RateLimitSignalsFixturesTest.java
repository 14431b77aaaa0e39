package dev.progressivebackoff.core.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of {@code shared/fixtures/rate-limit-signals.md}, through the public {@link RateLimitSignals#parse}. */
class RateLimitSignalsFixturesTest {

    private static final Instant ANY_NOW = Instant.parse("2024-02-02T12:00:00Z");

    private static RateLimitSignals parse(int status, ResponseHeaders headers, Instant now) {
        return RateLimitSignals.parse(status, headers, ErrorBody.EMPTY, now);
    }

    private static RateLimitSignals parse429(String... namesAndValues) {
        return parse(429, ResponseHeaders.of(namesAndValues), ANY_NOW);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static void assertWait(RateLimitSignals signals, double expectedSeconds, WaitSource expectedSource) {
        assertThat(signals.preferredHint()).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(seconds(expectedSeconds));
            assertThat(hint.source()).isEqualTo(expectedSource);
        });
    }

    @ParameterizedTest(name = "Retry-After: [{0}] waits {1} s")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {"120    | 120", "0      | 0", "'  12\t' | 12", "0012   | 12", "1.5    | 1.5"})
    void retryAfterDelaySecondsRowsGiveTheirWait(String value, double wait) {
        // given a 429 whose Retry-After is the fixture value
        // when it is parsed
        RateLimitSignals signals = parse429("Retry-After", value);
        // then the wait is the fixture's, from Retry-After
        assertWait(signals, wait, WaitSource.RETRY_AFTER);
    }

    @ParameterizedTest(name = "Retry-After: [{0}] is ignored")
    @ValueSource(strings = {"-1", "", "invalid"})
    void malformedRetryAfterRowsAreIgnored(String value) {
        RateLimitSignals signals = parse429("Retry-After", value);

        assertThat(signals.hints()).isEmpty();
        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.RATE_LIMITED);
    }

    static Stream<Arguments> httpDateRows() {
        return Stream.of(
                Arguments.of("Sun, 06 Nov 1994 08:49:37 GMT", Instant.parse("1994-11-06T08:49:32Z"), 5.0),
                Arguments.of("\tWed, 21 Oct 2015 07:28:00 GMT ", Instant.ofEpochSecond(1445412470L), 10.0),
                Arguments.of("Sun, 06 Nov 1994 08:49:37 GMT", Instant.ofEpochSecond(784111778L), 0.0));
    }

    @ParameterizedTest(name = "Retry-After: [{0}] at {1} waits {2} s")
    @MethodSource("httpDateRows")
    void retryAfterHttpDateRowsAreMeasuredFromNow(String value, Instant now, double wait) {
        RateLimitSignals signals = parse(429, ResponseHeaders.of("Retry-After", value), now);

        assertWait(signals, wait, WaitSource.RETRY_AFTER);
    }

    @ParameterizedTest(name = "local clock {0}")
    @ValueSource(
            strings = {"1970-01-01T00:00:00Z", "2019-08-05T09:27:04Z", "2019-08-05T10:00:00Z", "2099-01-01T00:00:00Z"})
    void retryAfterHttpDateIsMeasuredFromTheDateHeaderWhateverTheLocalClock(String localClock) {
        ResponseHeaders headers = ResponseHeaders.of(
                "Retry-After", "Mon, 05 Aug 2019 09:27:05 GMT",
                "Date", "Mon, 05 Aug 2019 09:27:00 GMT");

        RateLimitSignals signals = parse(429, headers, Instant.parse(localClock));

        assertWait(signals, 5, WaitSource.RETRY_AFTER);
        assertThat(signals.measuredAt()).isEqualTo(Instant.parse("2019-08-05T09:27:00Z"));
    }

    @Test
    void retryAfterMsOf1500Waits1Point5Seconds() {
        assertWait(parse429("retry-after-ms", "1500"), 1.5, WaitSource.RETRY_AFTER_MS);
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        assertWait(parse429("retry-after-ms", "250", "retry-after", "1"), 0.25, WaitSource.RETRY_AFTER_MS);
    }

    @Test
    void malformedRetryAfterMsFallsThroughToRetryAfter() {
        assertWait(parse429("retry-after-ms", "abc", "retry-after", "3"), 3, WaitSource.RETRY_AFTER);
    }

    @Test
    void xRateLimitLimitRequestsOf60IsSixtyRpmWithOneSecondBase() {
        RateLimitSignals signals = parse(200, ResponseHeaders.of("x-ratelimit-limit-requests", "60"), ANY_NOW);

        assertThat(signals.requestQuota()).hasValueSatisfying(quota -> {
            assertThat(quota.requestsPerMinute()).isEqualTo(60);
            assertThat(quota.header()).isEqualTo("x-ratelimit-limit-requests");
            assertThat(Tier.baseDelayFor(quota.requestsPerMinute())).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} s")
    @CsvSource({
        "x-ratelimit-reset-requests, 1s,       1.0,    x-ratelimit-remaining-requests",
        "x-ratelimit-reset-tokens,   6m0s,     360,    x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-requests, 12ms,     0.012,  x-ratelimit-remaining-requests",
        "x-ratelimit-reset-tokens,   1h2m3.5s, 3723.5, x-ratelimit-remaining-tokens"
    })
    void openAiResetRowsBecomeWaitsWhenTheMatchingRemainingIsZero(
            String header, String value, double wait, String remaining) {
        RateLimitSignals signals = parse429(header, value, remaining, "0");

        WaitSource source = header.endsWith("requests")
                ? WaitSource.X_RATELIMIT_RESET_REQUESTS
                : WaitSource.X_RATELIMIT_RESET_TOKENS;
        assertWait(signals, wait, source);
        Duration reset = header.endsWith("requests")
                ? signals.resetRequests().orElseThrow()
                : signals.resetTokens().orElseThrow();
        assertThat(reset).isEqualTo(seconds(wait));
    }

    @ParameterizedTest(name = "{0}: {1} without remaining 0 is no hint")
    @CsvSource({"x-ratelimit-reset-requests, 1s", "x-ratelimit-reset-tokens, 6m0s"})
    void openAiResetIsNoWaitWhileRequestsRemain(String header, String value) {
        String remaining = header.replace("reset", "remaining");

        assertThat(parse429(header, value).hints()).isEmpty();
        assertThat(parse429(header, value, remaining, "3").hints()).isEmpty();
    }

    @Test
    void negativeOpenAiResetIsIgnored() {
        RateLimitSignals signals = parse429("x-ratelimit-reset-requests", "-1s", "x-ratelimit-remaining-requests", "0");

        assertThat(signals.hints()).isEmpty();
        assertThat(signals.resetRequests()).isEmpty();
    }

    @Test
    void ietfPolicyOf100Per10SecondsIsABaseDelayOfOneTenthSecond() {
        RateLimitSignals signals =
                parse(200, ResponseHeaders.of("RateLimit-Policy", "\"default\";q=100;w=10"), ANY_NOW);

        assertThat(signals.requestQuota()).hasValueSatisfying(quota -> {
            assertThat(quota.limit()).isEqualTo(100);
            assertThat(quota.window()).isEqualTo(Duration.ofSeconds(10));
            assertThat(Tier.baseDelayFor(quota.requestsPerMinute())).isEqualTo(Duration.ofMillis(100));
        });
    }

    @Test
    void ietfRateLimitWithNothingLeftWaitsT() {
        assertWait(parse429("RateLimit", "\"default\";r=0;t=50"), 50, WaitSource.RATELIMIT);
    }

    @Test
    void retryAfterWinsOverIetfRateLimit() {
        RateLimitSignals signals = parse429("Retry-After", "20", "RateLimit", "\"dynamic\";r=15;t=40");

        assertWait(signals, 20, WaitSource.RETRY_AFTER);
        assertThat(signals.remainingRequests()).hasValue(15);
        assertThat(signals.resetRequests()).hasValue(Duration.ofSeconds(40));
    }

    @Test
    void anthropicRequestsLimitOf1000IsThousandRpm() {
        RateLimitSignals signals =
                parse(200, ResponseHeaders.of("anthropic-ratelimit-requests-limit", "1000"), ANY_NOW);

        assertThat(signals.requestQuota()).hasValueSatisfying(quota -> {
            assertThat(quota.requestsPerMinute()).isEqualTo(1000);
            assertThat(quota.header()).isEqualTo("anthropic-ratelimit-requests-limit");
        });
    }

    @Test
    void anthropicTokensResetIsMeasuredFromNow() {
        ResponseHeaders headers = ResponseHeaders.of(
                "anthropic-ratelimit-tokens-reset", "2025-10-25T12:01:00Z",
                "anthropic-ratelimit-tokens-remaining", "0");

        RateLimitSignals signals = parse(429, headers, Instant.parse("2025-10-25T12:00:00Z"));

        assertThat(signals.resetTokens()).hasValue(Duration.ofSeconds(60));
        assertWait(signals, 60, WaitSource.ANTHROPIC_RATELIMIT_RESET);
    }

    @ParameterizedTest(name = "X-RateLimit-Reset: {0} at epoch {1} waits {2} s")
    @CsvSource({"50, 1706875150, 50", "50, 0, 50", "50, 4000000000, 50", "1706875200, 1706875150, 50"})
    void legacyResetRowsGuessTheirUnit(String value, long nowEpochSeconds, double wait) {
        ResponseHeaders headers = ResponseHeaders.of("X-RateLimit-Reset", value, "X-RateLimit-Remaining", "0");

        RateLimitSignals signals = parse(429, headers, Instant.ofEpochSecond(nowEpochSeconds));

        assertWait(signals, wait, WaitSource.X_RATELIMIT_RESET);
    }

    @Test
    void moonshotRpmBodyIsRetryableWithAOneSecondHint() {
        ErrorBody body = new ErrorBody(
                "rate_limit_reached_error",
                null,
                "Your account org-e664<ak-f3t8> request "
                        + "reached organization max RPM: 3, please try again after 1 seconds");

        RateLimitSignals signals = RateLimitSignals.parse(429, ResponseHeaders.EMPTY, body, ANY_NOW);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.RATE_LIMITED);
        assertWait(signals, 1, WaitSource.BODY_HINT);
    }

    @Test
    void openAiTpmBodyIsRetryableWithA644MillisecondHint() {
        ErrorBody body = new ErrorBody(
                "tokens",
                "rate_limit_exceeded",
                "Rate limit reached for gpt-4o ... on tokens "
                        + "per min (TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms.");

        RateLimitSignals signals = RateLimitSignals.parse(429, ResponseHeaders.EMPTY, body, ANY_NOW);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.RATE_LIMITED);
        assertWait(signals, 0.644, WaitSource.BODY_HINT);
    }

    @Test
    void moonshotEngineOverloadedIsRetryableWithTierBackoff() {
        ErrorBody body = new ErrorBody(
                "engine_overloaded_error", null, "The engine is currently overloaded, please try again later");

        RateLimitSignals signals = RateLimitSignals.parse(429, ResponseHeaders.EMPTY, body, ANY_NOW);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.RATE_LIMITED);
        assertThat(signals.hints()).isEmpty();
    }

    @Test
    void openAiInsufficientQuotaIsNotRetried() {
        ErrorBody body = new ErrorBody(
                "insufficient_quota",
                "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details.");

        RateLimitSignals signals = RateLimitSignals.parse(429, ResponseHeaders.EMPTY, body, ANY_NOW);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(signals.classification().reason()).startsWith("insufficient_quota: billing or quota exhausted");
        assertThat(signals.serverMessage()).hasValue(body.message());
    }

    @Test
    void moonshotSuspendedForInsufficientBalanceIsNotRetried() {
        ErrorBody body = new ErrorBody(
                "exceeded_current_quota_error",
                null,
                "Your account org-x is suspended due to "
                        + "insufficient balance, please recharge your account or check your plan and billing details");

        RateLimitSignals signals = RateLimitSignals.parse(429, ResponseHeaders.EMPTY, body, ANY_NOW);

        assertThat(signals.classification().kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(signals.classification().reason()).contains("exceeded_current_quota_error");
    }
}
