package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ResponseKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {

    private static Classification classify(int status, ErrorBody body) {
        return ResponseClassifier.classify(status, Optional.empty(), body);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 201, 204, 299})
    void twoHundredsAreSuccess(int status) {
        assertThat(classify(status, ErrorBody.EMPTY).kind()).isEqualTo(ResponseKind.SUCCESS);
    }

    @ParameterizedTest(name = "type={0} code={1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "rate_limit_reached_error | -                   | request reached organization max RPM: 3, please try again after 1 seconds",
                "tokens                   | rate_limit_exceeded | Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000",
                "engine_overloaded_error  | -                   | The engine is currently overloaded, please try again later",
                "rate_limit_error         | -                   | Number of request tokens has exceeded your per-minute rate limit",
                "-                        | -                   | -",
                "-                        | -                   | Quota exceeded for quota metric 'Requests' per minute"
            })
    void ordinaryRateLimitsAndOverloadAreRetryable(String type, String code, String message) {
        Classification classification = classify(429, new ErrorBody(type, code, message));

        assertThat(classification.kind()).isEqualTo(ResponseKind.RATE_LIMITED);
        assertThat(classification.isRetryableRateLimit()).isTrue();
    }

    @Test
    void aRateLimitedReasonNamesTheCode() {
        assertThat(classify(429, new ErrorBody("tokens", "rate_limit_exceeded", "x"))
                        .reason())
                .isEqualTo("rate_limit_exceeded: rate limited, worth waiting");
        assertThat(classify(429, new ErrorBody("engine_overloaded_error", null, "x"))
                        .reason())
                .isEqualTo("engine_overloaded_error: rate limited, worth waiting");
    }

    @ParameterizedTest(name = "type={0} code={1} message={2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "insufficient_quota           | insufficient_quota             | You exceeded your current quota, please check your plan and billing details. | insufficient_quota: billing or quota exhausted",
                "exceeded_current_quota_error | -                              | Your account org-x is suspended due to insufficient balance                  | exceeded_current_quota_error: billing or quota exhausted",
                "billing_error                | -                              | -                                                                            | billing_error: billing or quota exhausted",
                "invalid_request_error        | enforced_spend_limit_reached   | -                                                                            | enforced_spend_limit_reached: billing or quota exhausted",
                "-                            | billing_hard_limit_reached     | -                                                                            | billing_hard_limit_reached: billing or quota exhausted",
                "-                            | -                              | You exceeded your current quota.                                             | \"exceeded your current quota\": billing or quota exhausted",
                "-                            | -                              | Insufficient balance, please recharge                                        | \"insufficient balance\": billing or quota exhausted",
                "invalid_request_error        | -                              | Your credit balance is too low to access the API                             | \"credit balance is too low\": billing or quota exhausted",
                "tokens                       | rate_limit_exceeded            | Request too large for gpt-4 on tokens per min (TPM): Limit 10000, Requested 15000 | request too large",
                "request_too_large            | -                              | -                                                                            | request too large",
                "tokens                       | rate_limit_exceeded            | Rate limit reached on tokens per day (TPD): Limit 500000. Please try again in 7m12s | daily cap (tokens per day)",
                "requests                     | rate_limit_exceeded            | Rate limit reached on requests per day (RPD): Limit 200                      | daily cap (requests per day)",
                "rate_limit_reached_error     | -                              | Your account request reached organization TPD rate limit, current: 1500000   | daily cap (TPD)",
                "-                            | daily_limit_exceeded           | -                                                                            | daily cap (daily)"
            })
    void quotaBillingTooLargeAndDailyCapsAreFatalWithAReasonNamingTheMatch(
            String type, String code, String message, String reasonStart) {
        Classification classification = classify(429, new ErrorBody(type, code, message));

        assertThat(classification.kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(classification.reason()).startsWith(reasonStart).contains("cannot help");
    }

    @Test
    void billingIsCheckedBeforeDailyCaps() {
        ErrorBody body = new ErrorBody("insufficient_quota", null, "tokens per day exhausted");

        assertThat(classify(429, body).reason()).startsWith("insufficient_quota");
    }

    @Test
    void xShouldRetryFalseMakesA429Fatal() {
        Classification classification = ResponseClassifier.classify(429, Optional.of(false), ErrorBody.EMPTY);

        assertThat(classification.kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(classification.reason()).startsWith("x-should-retry: false");
    }

    @Test
    void xShouldRetryTrueDoesNotRescueABillingFailure() {
        ErrorBody body = new ErrorBody("insufficient_quota", null, null);

        assertThat(ResponseClassifier.classify(429, Optional.of(true), body).kind())
                .isEqualTo(ResponseKind.FATAL);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 409, 500, 502, 503, 504, 529})
    void serverErrorsTimeoutsAndConflictsAreTransient(int status) {
        assertThat(classify(status, ErrorBody.EMPTY).kind()).isEqualTo(ResponseKind.TRANSIENT);
        assertThat(ResponseClassifier.classify(status, Optional.of(true), ErrorBody.EMPTY)
                        .kind())
                .isEqualTo(ResponseKind.TRANSIENT);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 503, 408})
    void xShouldRetryFalseMakesATransientStatusFatal(int status) {
        Classification classification = ResponseClassifier.classify(status, Optional.of(false), ErrorBody.EMPTY);

        assertThat(classification.kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(classification.reason()).contains("x-should-retry: false");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({
        "400, bad request",
        "401, unauthorized",
        "402, payment required",
        "403, forbidden",
        "404, not found",
        "413, request too large",
        "418, client error",
        "422, unprocessable",
        "501, server error",
        "505, server error",
        "302, unexpected status",
        "100, unexpected status"
    })
    void otherStatusesAreFatal(int status, String what) {
        Classification classification = classify(status, ErrorBody.EMPTY);

        assertThat(classification.kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(classification.reason())
                .startsWith("HTTP " + status + ": ")
                .contains(what)
                .endsWith("retrying cannot help");
    }

    @Test
    void xShouldRetryTrueMakesAnOtherwiseFatal5xxTransientButNotA4xx() {
        assertThat(ResponseClassifier.classify(501, Optional.of(true), ErrorBody.EMPTY)
                        .kind())
                .isEqualTo(ResponseKind.TRANSIENT);
        assertThat(ResponseClassifier.classify(400, Optional.of(true), ErrorBody.EMPTY)
                        .kind())
                .isEqualTo(ResponseKind.FATAL);
    }

    @Test
    void aFatal4xxReasonNamesABillingBody() {
        Classification classification = classify(402, new ErrorBody("billing_error", null, "Your credit is gone"));

        assertThat(classification.kind()).isEqualTo(ResponseKind.FATAL);
        assertThat(classification.reason()).startsWith("billing_error: billing or quota exhausted");
    }
}
