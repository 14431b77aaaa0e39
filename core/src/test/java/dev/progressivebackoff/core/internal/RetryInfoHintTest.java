package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.signals.ErrorBodies;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Google's {@code RetryInfo.retryDelay} ({@link RetryInfoHint}) and {@code QuotaFailure} ({@link QuotaViolations}). */
class RetryInfoHintTest {

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"37s, 37000", "1.5s, 1500", "0s, 0", "22s, 22000", "0.000000001s, 0.000001", "' 59s ', 59000"})
    void readsAProtobufDuration(String value, double millis) {
        assertThat(RetryInfoHint.parse(value))
                .hasValueSatisfying(wait -> assertThat(wait.toNanos() / 1e6).isEqualTo(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "37", "37 s", "-1s", "1.5", "s", "1.s", ".5s", "37S", "1m", "1.0000000001s", "soon"})
    void ignoresAnythingElse(String value) {
        assertThat(RetryInfoHint.parse(value)).isEmpty();
    }

    @Test
    void aBodyWithRetryInfoGivesAHintThatKeepsTheRawValue() {
        ErrorBody body = ErrorBodies.parse(google(retryInfo("37s")));

        assertThat(RetryInfoHint.hint(body))
                .hasValue(new ServerHint(Duration.ofSeconds(37), WaitSource.RETRY_INFO, "37s"));
    }

    @Test
    void anArrayWrappedBodyIsReadLikeTheBareOne() {
        ErrorBody body = ErrorBodies.parse("[" + google(retryInfo("1.5s")) + "]");

        assertThat(RetryInfoHint.hint(body)).map(ServerHint::delay).hasValue(Duration.ofMillis(1500));
    }

    @Test
    void noHintWhenRetryInfoIsMissingMalformedOrNotAString() {
        assertThat(RetryInfoHint.hint(ErrorBodies.parse(google("")))).isEmpty();
        assertThat(RetryInfoHint.hint(ErrorBodies.parse(google(retryInfo("soon")))))
                .isEmpty();
        assertThat(RetryInfoHint.hint(ErrorBodies.parse(google(
                        "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":{\"seconds\":37}}"))))
                .isEmpty();
        // a retryDelay outside a RetryInfo detail is not Google's hint
        assertThat(RetryInfoHint.hint(ErrorBodies.parse(
                        google("{\"@type\":\"type.googleapis.com/google.rpc.Help\",\"retryDelay\":\"37s\"}"))))
                .isEmpty();
        assertThat(RetryInfoHint.hint(ErrorBody.EMPTY)).isEmpty();
    }

    @Test
    void aPerMinuteQuotaViolationIsNotDaily() {
        ErrorBody body = ErrorBodies.parse(
                google(quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier") + "," + retryInfo("37s")));

        assertThat(QuotaViolations.any(body)).isTrue();
        assertThat(QuotaViolations.daily(body)).isEmpty();
    }

    @Test
    void aPerDayQuotaViolationIsDailyWhateverItsCaseOrPlaceAmongOthers() {
        ErrorBody perDay = ErrorBodies.parse(google(quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier")));
        ErrorBody mixed = ErrorBodies.parse(google(quotaFailure(
                "GenerateContentInputTokensPerModelPerMinute-FreeTier", "generaterequestsperdayperprojectpermodel")));

        assertThat(QuotaViolations.daily(perDay)).hasValue("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
        assertThat(QuotaViolations.daily(mixed)).hasValue("generaterequestsperdayperprojectpermodel");
    }

    @Test
    void aViolationWithoutAQuotaIdIsNamedByItsMetric() {
        ErrorBody body = ErrorBodies.parse(google("{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                + "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/requests_per_day\"}]}"));

        assertThat(body.quotaIds()).containsExactly("generativelanguage.googleapis.com/requests_per_day");
        assertThat(QuotaViolations.daily(body)).isEmpty();
        assertThat(QuotaViolations.any(body)).isTrue();
    }

    @Test
    void theDailyResetIsTheNextMidnightPacificTime() {
        // 2025-01-01T00:00Z is 2024-12-31T16:00 in Los Angeles (PST, UTC-8)
        assertThat(QuotaViolations.nextDailyReset(Instant.parse("2025-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-01T08:00:00Z"));
        // in summer (PDT, UTC-7)
        assertThat(QuotaViolations.nextDailyReset(Instant.parse("2025-07-01T06:59:59Z")))
                .isEqualTo(Instant.parse("2025-07-01T07:00:00Z"));
        assertThat(QuotaViolations.nextDailyReset(Instant.parse("2025-07-01T07:00:00Z")))
                .isEqualTo(Instant.parse("2025-07-02T07:00:00Z"));
    }

    private static String google(String details) {
        return "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota.\","
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[" + details + "]}}";
    }

    private static String retryInfo(String delay) {
        return "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay + "\"}";
    }

    private static String quotaFailure(String... quotaIds) {
        StringBuilder violations = new StringBuilder();
        for (String id : quotaIds) {
            violations
                    .append(violations.isEmpty() ? "" : ",")
                    .append("{\"quotaId\":\"")
                    .append(id)
                    .append("\"}");
        }
        return "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[" + violations + "]}";
    }
}
