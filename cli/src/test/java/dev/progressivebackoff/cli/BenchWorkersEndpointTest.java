package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.testsupport.RedisTestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code backoff bench --endpoint URL --workers 2 --redis URL}: two worker JVMs sharing one throwaway key through
 * the test Redis against a recording endpoint that answers the key's second request 429. Counts and what the
 * server saw, never rates or durations.
 */
class BenchWorkersEndpointTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void workersShareOneKeyAndLabelAgainstTheEndpointAndReportTheirOwnCounts() throws Exception {
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            // when
            CliHarness.Result result = CliHarness.plain()
                    .run(
                            "bench",
                            "--endpoint",
                            server.endpoint(),
                            "--workers",
                            "2",
                            "--redis",
                            RedisTestServer.uri().toString(),
                            "--rpm",
                            "6000",
                            "--requests",
                            "6",
                            "--concurrency",
                            "2",
                            "--format",
                            "json");

            // then every request was completed once, and the one 429 was counted by the clients
            assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
            JsonNode report = new ObjectMapper().readTree(result.out());
            assertThat(report.get("endpoint").asText()).isEqualTo(server.endpoint());
            assertThat(report.get("counted_by").asText()).isEqualTo("client");
            assertThat(report.get("completed").asInt()).isEqualTo(6);
            assertThat(report.get("failed").asInt()).isZero();
            assertThat(report.get("attempts").asInt()).isEqualTo(7);
            assertThat(report.get("rate_limited").asInt()).isEqualTo(1);
            assertThat(report.get("per_worker"))
                    .hasSize(2)
                    .allSatisfy(worker ->
                            assertThat(worker.get("completed").asInt()).isEqualTo(3));

            // and the server saw only the batch (no warm-up), under one label and one key
            assertThat(server.arrivals()).hasSize(7).allSatisfy(arrival -> {
                assertThat(arrival.method()).isEqualTo("POST");
                assertThat(arrival.label()).isEqualTo("paced-redis");
                assertThat(arrival.apiKey()).isEqualTo(server.arrivals().get(0).apiKey());
            });
            assertThat(server.arrivals().get(0).apiKey()).matches("sk-bench-paced-redis-[0-9a-f]{8}");
            assertThat(result.out() + result.err())
                    .doesNotContain(server.arrivals().get(0).apiKey());
        }
    }
}
