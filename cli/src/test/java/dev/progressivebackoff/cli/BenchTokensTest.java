package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code backoff bench --tpm}, the token-bound scenario, at a fast quota: the report's shape, never its times. */
class BenchTokensTest {

    private static final String[] FAST = {
        "bench",
        "--tpm",
        "600000",
        "--rpm",
        "6000",
        "--requests",
        "8",
        "--request-tokens",
        "200",
        "--window",
        "200ms",
        "--concurrency",
        "2"
    };

    @Test
    void runsTheRpmOnlyBaselineAndThePacedClientAndPrintsTheirTokenFiguresAsJson() throws Exception {
        // when
        CliHarness.Result result = CliHarness.plain().run(with(FAST, "--format", "json"));

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("scenario").asText()).isEqualTo("tokens");
        assertThat(report.get("tpm").asLong()).isEqualTo(600_000);
        assertThat(report.get("rpm").asInt()).isEqualTo(6000);
        assertThat(report.get("request_tokens").asInt()).isEqualTo(200);
        assertThat(report.get("tokens_per_window").asLong()).isEqualTo(2000);
        JsonNode rows = report.get("strategies");
        assertThat(rows).extracting(row -> row.get("strategy").asText()).containsExactly("rpm-only", "paced");
        for (JsonNode row : rows) {
            assertThat(row.get("completed").asInt() + row.get("lost").asInt()).isEqualTo(8);
            assertThat(row.get("attempts").asLong() - row.get("rate_limited").asLong())
                    .isEqualTo(row.get("completed").asLong());
            // every answered request reports about 200 tokens of usage, as the simulated provider counts them
            assertThat(row.get("tokens").asLong())
                    .isBetween(180L * row.get("completed").asInt(), 200L * 8);
            assertThat(row.get("ideal_s").decimalValue().doubleValue())
                    .isCloseTo(row.get("tokens").asLong() / 10_000.0, org.assertj.core.data.Offset.offset(0.001));
            assertThat(row.has("wall_s")).isTrue();
            assertThat(row.has("ratio")).isTrue();
            assertThat(row.has("rate_limited_pct")).isTrue();
        }
        assertThat(rows.get(1).get("lost").asInt()).isZero();
    }

    @Test
    void printsATableWithTheTokenColumns() {
        // when
        CliHarness.Result result = CliHarness.plain().run(with(FAST, "--strategies", "paced"));

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).hasSize(3);
        assertThat(result.out().lines().findFirst().orElseThrow())
                .contains("8 requests of about 200 tokens", "6000 RPM and 600000 TPM", "2000 tokens per window");
        assertThat(result.out().lines().skip(1).findFirst().orElseThrow())
                .contains("strategy", "completed", "lost", "attempts", "429s", "tokens", "ideal s", "wall/ideal");
        assertThat(result.out().lines().skip(2).findFirst().orElseThrow()).startsWith("paced");
    }

    @Test
    void refusesTheTokenScenarioWithWorkersAndRequestTokensWithoutIt() {
        CliHarness.Result external = CliHarness.plain().run("bench", "--tpm", "1000", "--rpm", "10", "--workers", "2");
        CliHarness.Result alone = CliHarness.plain().run("bench", "--request-tokens", "300");
        CliHarness.Result tooBig = CliHarness.plain().run("bench", "--tpm", "6000", "--request-tokens", "500");

        assertThat(external.exitCode()).isEqualTo(2);
        assertThat(external.err()).contains("--workers has no meaning with --tpm");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--request-tokens needs --tpm");
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err()).contains("at least one request's tokens");
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
