package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.testsupport.RedisTestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code backoff bench --workers 3 --redis URL}: three worker JVMs sharing one key through the test Redis
 * against one simulated provider. Counts and shape only, never rates or durations.
 */
class BenchWorkersTest {

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void threeWorkerProcessesShareOneKeyAndReportAggregateRateAndFairness() throws Exception {
        // when
        CliHarness.Result result = CliHarness.plain()
                .run(
                        "bench",
                        "--workers",
                        "3",
                        "--redis",
                        RedisTestServer.uri().toString(),
                        "--rpm",
                        "1200",
                        "--requests",
                        "45",
                        "--concurrency",
                        "2",
                        "--format",
                        "json");

        // then every request of every worker was completed exactly once, and the figures are all there
        assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("workers").asInt()).isEqualTo(3);
        assertThat(report.get("completed").asInt()).isEqualTo(45);
        assertThat(report.get("failed").asInt()).isZero();
        assertThat(report.get("attempts").asLong() - report.get("rate_limited").asLong())
                .isEqualTo(45);
        assertThat(report.get("per_worker"))
                .hasSize(3)
                .allSatisfy(
                        worker -> assertThat(worker.get("completed").asInt()).isEqualTo(15));
        assertThat(report.get("fairness").asDouble()).isBetween(1.0 / 3, 1.0);
        assertThat(report.has("rpm_together")).isTrue();
        assertThat(report.has("quota_share")).isTrue();
    }

    @Test
    void workersNeedARedis() {
        CliHarness.Result result = CliHarness.plain().run("bench", "--workers", "2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--workers needs --redis");
    }
}
