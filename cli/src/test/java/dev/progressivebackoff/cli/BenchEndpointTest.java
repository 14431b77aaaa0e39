package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code backoff bench --endpoint URL} against a recording endpoint on loopback that answers the second request
 * of each API key 429: at 6,000 RPM and a few requests it takes well under a second per strategy. Counts and
 * what the server saw, never times.
 */
class BenchEndpointTest {

    private static final int REQUESTS = 5;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void eachStrategyRunsWithItsOwnKeyAndLabelAndReportsWhatTheClientSaw() throws Exception {
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            // when
            CliHarness.Result result = CliHarness.plain()
                    .run(
                            "bench",
                            "--endpoint",
                            server.endpoint(),
                            "--rpm",
                            "6000",
                            "--requests",
                            Integer.toString(REQUESTS),
                            "--concurrency",
                            "2",
                            "--strategies",
                            "reactive,paced,fixed-margin",
                            "--pause",
                            "0",
                            "--format",
                            "json");

            // then each strategy completed every request, with the one 429 the server sent it, counted
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(result.out());
            assertThat(report.get("endpoint").asText()).isEqualTo(server.endpoint());
            assertThat(report.get("counted_by").asText()).isEqualTo("client");
            assertThat(report.get("rpm").asInt()).isEqualTo(6000);
            assertThat(report.get("pause_s").decimalValue()).isEqualByComparingTo("0");
            assertThat(report.get("ideal_s").decimalValue()).isEqualByComparingTo("0.04");
            assertThat(report.has("latency_ms")).isFalse();
            JsonNode rows = report.get("strategies");
            assertThat(rows)
                    .extracting(row -> row.get("strategy").asText())
                    .containsExactly("reactive", "paced", "fixed-margin");
            for (JsonNode row : rows) {
                assertThat(row.get("completed").asInt()).as(row.toString()).isEqualTo(REQUESTS);
                assertThat(row.get("failed").asInt()).as(row.toString()).isZero();
                assertThat(row.get("attempts").asInt()).as(row.toString()).isEqualTo(REQUESTS + 1);
                assertThat(row.get("rate_limited").asInt()).as(row.toString()).isEqualTo(1);
                assertThat(row.has("wall_s")).isTrue();
                assertThat(row.get("ideal_s").decimalValue()).isEqualByComparingTo("0.04");
            }

            // and the server saw only the batches (no warm-up, no health check), each under its label and key
            Map<String, List<RecordingChatEndpoint.Arrival>> byLabel = server.byLabel();
            assertThat(byLabel).containsOnlyKeys("reactive", "paced", "fixed-margin");
            assertThat(server.arrivals()).allSatisfy(arrival -> {
                assertThat(arrival.method()).isEqualTo("POST");
                assertThat(arrival.path()).isEqualTo("/v1/chat/completions");
            });
            byLabel.forEach((label, arrivals) -> {
                assertThat(arrivals).hasSize(REQUESTS + 1);
                assertThat(arrivals)
                        .extracting(RecordingChatEndpoint.Arrival::apiKey)
                        .containsOnly(arrivals.get(0).apiKey());
                assertThat(arrivals.get(0).apiKey()).matches("sk-bench-" + label + "-[0-9a-f]{8}");
            });
            assertThat(server.arrivals().stream()
                            .map(RecordingChatEndpoint.Arrival::apiKey)
                            .collect(Collectors.toSet()))
                    .hasSize(3);

            // and no key was printed
            server.arrivals()
                    .forEach(arrival -> assertThat(result.out() + result.err())
                            .doesNotContain(arrival.apiKey())
                            .doesNotContain("sk-bench"));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void printsATableNamingTheEndpointAndTheClientSideCounts() {
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            // when
            CliHarness.Result result = CliHarness.plain()
                    .run(
                            "bench",
                            "--endpoint",
                            server.endpoint(),
                            "--rpm",
                            "6000",
                            "--requests",
                            "3",
                            "--concurrency",
                            "1",
                            "--strategies",
                            "fixed-margin",
                            "--pause",
                            "0");

            // then
            assertThat(result.exitCode()).as(result.err()).isZero();
            List<String> lines = result.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0))
                    .contains(
                            "endpoint " + server.endpoint(), "quota 6000 RPM", "counted by the client", "pause 0.0 s");
            assertThat(lines.get(1))
                    .contains("strategy", "completed", "attempts", "429s", "failed", "wall s", "ideal s", "wall/ideal");
            assertThat(lines.get(2).split(" +")).startsWith("fixed-margin", "3", "4", "1");
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fixedMarginReadsNoRateLimitHeaders() throws Exception {
        // given a server saying after every success that nothing remains for 30 s: a pacer that read it would
        // hold every start for 30 s, past this test's timeout
        try (RecordingChatEndpoint server = RecordingChatEndpoint.withSuccessHeaders(Map.of(
                "x-ratelimit-limit-requests",
                "6000",
                "x-ratelimit-remaining-requests",
                "0",
                "x-ratelimit-reset-requests",
                "30s"))) {
            // when
            CliHarness.Result result = CliHarness.plain()
                    .run(
                            "bench",
                            "--endpoint",
                            server.endpoint(),
                            "--rpm",
                            "6000",
                            "--requests",
                            "4",
                            "--concurrency",
                            "2",
                            "--strategies",
                            "fixed-margin",
                            "--format",
                            "json");

            // then
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode row =
                    new ObjectMapper().readTree(result.out()).get("strategies").get(0);
            assertThat(row.get("completed").asInt()).isEqualTo(4);
            assertThat(row.get("attempts").asInt()).isEqualTo(5);
            assertThat(server.arrivals()).hasSize(5);
        }
    }

    @Test
    void theDefaultPauseIsOneSecondOrOneRequestsWindow() throws Exception {
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            // when
            CliHarness.Result result = CliHarness.plain()
                    .run(
                            "bench",
                            "--endpoint",
                            server.endpoint(),
                            "--rpm",
                            "6000",
                            "--requests",
                            "1",
                            "--strategies",
                            "paced",
                            "--format",
                            "json");

            // then
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(new ObjectMapper().readTree(result.out()).get("pause_s").decimalValue())
                    .isEqualByComparingTo("1");
        }
        // 60 s / 20 RPM = 3 s: one strategy, so nothing is sent but its single request
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            CliHarness.Result slow = CliHarness.plain()
                    .run(
                            "bench",
                            "--endpoint",
                            server.endpoint(),
                            "--rpm",
                            "20",
                            "--requests",
                            "1",
                            "--strategies",
                            "reactive",
                            "--format",
                            "json");
            assertThat(slow.exitCode()).as(slow.err()).isZero();
            assertThat(new ObjectMapper().readTree(slow.out()).get("pause_s").decimalValue())
                    .isEqualByComparingTo("3");
            assertThat(server.arrivals()).hasSize(1);
        }
    }

    @Test
    void refusesFlagsThatHaveNoMeaningAgainstAnExternalEndpoint() {
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            String url = server.endpoint();

            assertUsageError("--rpm", "bench", "--endpoint", url);
            assertUsageError(
                    "--latency-ms has no meaning with --endpoint",
                    "bench",
                    "--endpoint",
                    url,
                    "--rpm",
                    "60",
                    "--latency-ms",
                    "0");
            assertUsageError(
                    "--window has no meaning with --endpoint",
                    "bench",
                    "--endpoint",
                    url,
                    "--rpm",
                    "60",
                    "--window",
                    "1s");
            assertUsageError("--pause needs --endpoint", "bench", "--rpm", "60", "--pause", "1s");
            assertUsageError("--endpoint: ", "bench", "--endpoint", "ftp://example.com/v1", "--rpm", "60");
            assertUsageError(
                    "--strategies: 'eager' is not one of reactive, paced, fixed-margin",
                    "bench",
                    "--endpoint",
                    url,
                    "--rpm",
                    "60",
                    "--strategies",
                    "eager");
            assertUsageError(
                    "--pause has no meaning with --workers",
                    "bench",
                    "--endpoint",
                    url,
                    "--rpm",
                    "60",
                    "--workers",
                    "2",
                    "--redis",
                    "redis://127.0.0.1:1",
                    "--pause",
                    "1s");

            // nothing was sent
            assertThat(server.arrivals()).isEmpty();
        }
    }

    private static void assertUsageError(String message, String... args) {
        CliHarness.Result result = CliHarness.plain().run(args);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(message);
    }
}
