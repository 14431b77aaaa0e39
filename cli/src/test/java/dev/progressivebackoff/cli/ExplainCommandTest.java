package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code backoff explain} over the examples of shared/fixtures/rate-limit-signals.md. */
class ExplainCommandTest {

    private static final String MOONSHOT_429 = "{\"error\":{\"message\":\"Your account org-e664<ak-f3t8> request "
            + "reached organization max RPM: 3, please try again after 1 seconds\",\"type\":\"rate_limit_reached_error\"}}";
    private static final String OPENAI_TPM = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o ... on tokens "
            + "per min (TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms.\",\"type\":\"tokens\","
            + "\"code\":\"rate_limit_exceeded\"}}";
    private static final String OVERLOADED = "{\"error\":{\"message\":\"The engine is currently overloaded, please "
            + "try again later\",\"type\":\"engine_overloaded_error\"}}";
    private static final String INSUFFICIENT_QUOTA = "{\"error\":{\"message\":\"You exceeded your current quota, "
            + "please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}";
    private static final String SUSPENDED = "{\"error\":{\"message\":\"Your account org-x is suspended due to "
            + "insufficient balance, please recharge your account or check your plan and billing details\","
            + "\"type\":\"exceeded_current_quota_error\"}}";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "Retry-After: {0} -> {1}s")
    @CsvSource({"120, 120.0", "0, 0.006", "0012, 12.0", "1.5, 1.5"}) // 0 s: the 6 ms floor (issue 14)
    void waitsTheRetryAfterDelaySeconds(String value, String wait) throws IOException {
        JsonNode result = explain("-H", "Retry-After: " + value);

        assertThat(result.path("decision").asText()).isEqualTo("retry");
        assertThat(result.path("wait_s").asText()).isEqualTo(wait);
        assertThat(result.path("source").asText()).isEqualTo("retry-after");
    }

    @ParameterizedTest(name = "Retry-After: {0} is ignored")
    @CsvSource({"-1", "invalid", "''"})
    void fallsBackToTheTierBackoffForAMalformedRetryAfter(String value) throws IOException {
        JsonNode result = explain("-H", "Retry-After: " + value);

        assertThat(result.path("wait_s").asText()).isEqualTo("20.0");
        assertThat(result.path("source").asText()).isEqualTo("tier-backoff");
    }

    @ParameterizedTest(name = "Retry-After {0} at {1} -> {2}s")
    @CsvSource(
            delimiter = '|',
            value = {
                "Sun, 06 Nov 1994 08:49:37 GMT|Sun, 06 Nov 1994 08:49:32 GMT|5.0",
                "Wed, 21 Oct 2015 07:28:00 GMT|1445412470|10.0",
                "Sun, 06 Nov 1994 08:49:37 GMT|784111778|0.006"
            })
    void measuresAnHttpDateRetryAfterAgainstNow(String date, String now, String wait) throws IOException {
        JsonNode result = explain("-H", "Retry-After: " + date, "--now", now);

        assertThat(result.path("wait_s").asText()).isEqualTo(wait);
        assertThat(result.path("source").asText()).isEqualTo("retry-after");
    }

    @Test
    void measuresAnHttpDateAgainstTheResponsesDateHeaderWhateverTheLocalClock() throws IOException {
        JsonNode result = explain(
                "-H",
                "Retry-After: Mon, 05 Aug 2019 09:27:05 GMT",
                "-H",
                "Date: Mon, 05 Aug 2019 09:27:00 GMT",
                "--now",
                "2030-01-01T00:00:00Z");

        assertThat(result.path("wait_s").asText()).isEqualTo("5.0");
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}s from {3}")
    @CsvSource({
        "retry-after-ms: 1500, X-Other: 1, 1.5, retry-after-ms",
        "retry-after-ms: 250, retry-after: 1, 0.25, retry-after-ms",
        "retry-after-ms: abc, retry-after: 3, 3.0, retry-after"
    })
    void prefersRetryAfterMsOverRetryAfter(String first, String second, String wait, String source) throws IOException {
        JsonNode result = explain("-H", first, "-H", second);

        assertThat(result.path("wait_s").asText()).isEqualTo(wait);
        assertThat(result.path("source").asText()).isEqualTo(source);
    }

    @Test
    void usesTheRequestsResetWhenNoRequestsRemain() throws IOException {
        JsonNode result = explain("-H", "x-ratelimit-remaining-requests: 0", "-H", "x-ratelimit-reset-requests: 12ms");

        assertThat(result.path("wait_s").asText()).isEqualTo("0.012");
        assertThat(result.path("source").asText()).isEqualTo("x-ratelimit-reset-requests");
    }

    @Test
    void detectsACustomTierFromTheLimitHeaderAndBacksOffByItsBase() throws IOException {
        JsonNode result = explain("-H", "x-ratelimit-limit-requests: 60");

        assertThat(result.path("tier").asText()).isEqualTo("custom-60rpm");
        assertThat(result.path("wait_s").asText()).isEqualTo("1.0");
        assertThat(result.path("source").asText()).isEqualTo("tier-backoff");
    }

    @Test
    void detectsTheFreeTierFromThreeRequestsPerMinute() throws IOException {
        JsonNode result = explain("-H", "x-ratelimit-limit-requests: 3", "--retry", "3");

        assertThat(result.path("tier").asText()).isEqualTo("free");
        assertThat(result.path("wait_s").asText()).isEqualTo("80.0");
    }

    @Test
    void waitsWhatTheIetfRateLimitHeaderSaysWhenNothingIsLeft() throws IOException {
        JsonNode result = explain("-H", "RateLimit: \"default\";r=0;t=50");

        assertThat(result.path("wait_s").asText()).isEqualTo("50.0");
        assertThat(result.path("source").asText()).isEqualTo("ratelimit");
    }

    @Test
    void letsRetryAfterWinOverTheIetfRateLimitHeader() throws IOException {
        JsonNode result = explain("-H", "Retry-After: 20", "-H", "RateLimit: \"dynamic\";r=15;t=40");

        assertThat(result.path("wait_s").asText()).isEqualTo("20.0");
        assertThat(result.path("source").asText()).isEqualTo("retry-after");
    }

    @ParameterizedTest(name = "body hint {1}s")
    @CsvSource(
            delimiter = '|',
            value = {"MOONSHOT|1.0", "OPENAI|0.644"})
    void followsTheHintInTheErrorMessage(String which, String wait) throws IOException {
        JsonNode result = explain("--body", which.equals("MOONSHOT") ? MOONSHOT_429 : OPENAI_TPM);

        assertThat(result.path("decision").asText()).isEqualTo("retry");
        assertThat(result.path("wait_s").asText()).isEqualTo(wait);
        assertThat(result.path("source").asText()).isEqualTo("body-hint");
    }

    @Test
    void retriesAnOverloadedEngineWithTheTierBackoff() throws IOException {
        JsonNode result = explain("--body", OVERLOADED, "--tier", "tier1", "--retry", "2");

        assertThat(result.path("decision").asText()).isEqualTo("retry");
        assertThat(result.path("wait_s").asText()).isEqualTo("0.6");
        assertThat(result.path("source").asText()).isEqualTo("tier-backoff");
        assertThat(result.path("tier").asText()).isEqualTo("tier1");
    }

    @ParameterizedTest(name = "{0} is not retried")
    @CsvSource({"INSUFFICIENT_QUOTA", "SUSPENDED"})
    void givesUpAtOnceOnBillingAndQuotaExhaustion(String which) throws IOException {
        JsonNode result = explain("--body", which.equals("SUSPENDED") ? SUSPENDED : INSUFFICIENT_QUOTA);

        assertThat(result.path("decision").asText()).isEqualTo("give_up");
        assertThat(result.path("wait_s").isNull()).isTrue();
    }

    @Test
    void readsTheBodyFromAFileGivenWithAnAtSign() throws IOException {
        Files.writeString(dir.resolve("body.json"), MOONSHOT_429);

        JsonNode result = explain("--body", "@body.json");

        assertThat(result.path("source").asText()).isEqualTo("body-hint");
    }

    @Test
    void refusesToObeyAServerWaitLongerThanTheMaximum() throws IOException {
        JsonNode result = explain("-H", "Retry-After: 86400", "--max-server-wait", "15m");

        assertThat(result.path("decision").asText()).isEqualTo("give_up");
        assertThat(result.path("wait_s").isNull()).isTrue();
        assertThat(result.path("reason").asText())
                .contains("86400.0s")
                .contains("900.0s")
                .contains("rate limited until");
    }

    @ParameterizedTest(name = "retry {0} of the free tier waits {1}s")
    @CsvSource({"1, 20.0", "2, 40.0", "3, 80.0", "4, 160.0", "5, 320.0", "6, 640.0"})
    void followsTheDocumentedFreeTierScheduleWithoutHints(int retry, String wait) throws IOException {
        JsonNode result = explain("--tier", "free", "--retry", Integer.toString(retry));

        assertThat(result.path("wait_s").asText()).isEqualTo(wait);
        assertThat(result.path("max_retries").asInt()).isEqualTo(6);
        assertThat(result.path("retry").asInt()).isEqualTo(retry);
    }

    @Test
    void givesUpAfterTheSixthRetryWithTheDocumentedMessage() throws IOException {
        JsonNode result = explain("--retry", "7");

        assertThat(result.path("decision").asText()).isEqualTo("give_up");
        assertThat(result.path("reason").asText()).contains("Max retries exceeded (after proper tier-aware backoff)");
    }

    @Test
    void explainsInTextByDefault() {
        CliHarness.Result result = harness().run("explain", "--tier", "free");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("Decision: retry after 20.0s (retry 1/6)")
                .contains("Source:   tier-backoff");
    }

    @Test
    void keepsRepeatedHeaderLinesWithTheSameNameAsSeparateLines() throws IOException {
        JsonNode result = explain("-H", "Retry-After: 5", "-H", "Retry-After: 30");

        assertThat(result.path("wait_s").asText()).isEqualTo("30.0");
    }

    @Test
    void namesTheFlagWhenAHeaderHasNoColon() {
        CliHarness.Result result = harness().run("explain", "-H", "Retry-After 5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("-H").contains("Retry-After 5");
    }

    @Test
    void namesTheFlagWhenNowCannotBeRead() {
        CliHarness.Result result = harness().run("explain", "--now", "yesterday");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--now");
    }

    @Test
    void namesTheFileWhenTheBodyFileIsMissing() {
        CliHarness.Result result = harness().run("explain", "--body", "@missing.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--body").contains("missing.json");
    }

    @Test
    void namesTheFlagWhenADurationCannotBeRead() {
        CliHarness.Result result = harness().run("explain", "--max-server-wait", "soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--max-server-wait").contains("soon");
    }

    private JsonNode explain(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("explain", "--format", "json"));
        all.addAll(List.of(args));
        if (!all.contains("--now")) {
            all.addAll(List.of("--now", "1700000000"));
        }
        CliHarness.Result result = harness().run(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return json.readTree(result.out());
    }

    private CliHarness harness() {
        return new CliHarness(Map.of(), dir);
    }
}
