package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code backoff bench} through the CLI, at a fast quota so it takes well under a second; counts, never times. */
class BenchCommandTest {

    @Test
    void runsBothStrategiesAndPrintsTheirFiguresAsJson() throws Exception {
        // when
        CliHarness.Result result = CliHarness.plain()
                .run("bench", "--rpm", "3000", "--requests", "12", "--concurrency", "4", "--format", "json");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("rpm").asInt()).isEqualTo(3000);
        assertThat(report.get("requests").asInt()).isEqualTo(12);
        assertThat(report.get("concurrency").asInt()).isEqualTo(4);
        assertThat(report.get("ideal_s").decimalValue()).isEqualByComparingTo("0.22");
        JsonNode rows = report.get("strategies");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("strategy").asText()).isEqualTo("reactive");
        assertThat(rows.get(1).get("strategy").asText()).isEqualTo("paced");
        for (JsonNode row : rows) {
            assertThat(row.get("completed").asInt() + row.get("failed").asInt()).isEqualTo(12);
            assertThat(row.get("attempts").asLong())
                    .isGreaterThanOrEqualTo(row.get("completed").asLong());
            assertThat(row.get("attempts").asLong() - row.get("rate_limited").asLong())
                    .isEqualTo(row.get("completed").asLong());
            assertThat(row.has("wall_s")).isTrue();
            assertThat(row.has("ratio")).isTrue();
        }
        assertThat(rows.get(1).get("completed").asInt()).isEqualTo(12);
    }

    @Test
    void printsATableWithOneRowPerStrategyAsked() {
        // when
        CliHarness.Result result = CliHarness.plain()
                .run("bench", "--rpm", "3000", "--requests", "6", "--concurrency", "2", "--strategies", "paced");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).hasSize(3);
        assertThat(result.out().lines().skip(1).findFirst().orElseThrow())
                .contains("strategy", "completed", "attempts", "429s", "failed", "wall s", "ideal s", "wall/ideal");
        assertThat(result.out().lines().skip(2).findFirst().orElseThrow())
                .startsWith("paced")
                .contains(" 6 ");
    }

    @Test
    void runsTheFixedMarginReferenceAgainstTheSimulatedProvider() throws Exception {
        // when
        CliHarness.Result result = CliHarness.plain()
                .run(
                        "bench",
                        "--rpm",
                        "3000",
                        "--requests",
                        "6",
                        "--concurrency",
                        "2",
                        "--strategies",
                        "paced,fixed-margin",
                        "--format",
                        "json");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("counted_by").asText()).isEqualTo("server");
        JsonNode rows = report.get("strategies");
        assertThat(rows).extracting(row -> row.get("strategy").asText()).containsExactly("paced", "fixed-margin");
        JsonNode fixedMargin = rows.get(1);
        assertThat(fixedMargin.get("completed").asInt()).isEqualTo(6);
        assertThat(fixedMargin.get("attempts").asLong()
                        - fixedMargin.get("rate_limited").asLong())
                .isEqualTo(6);
        // its starts are at least 1.02 x 60 s / 3000 = 20.4 ms apart: 5 gaps, 102 ms (rounded to the ms)
        assertThat(fixedMargin.get("wall_s").asDouble()).isGreaterThanOrEqualTo(0.101);
    }

    @Test
    void rejectsAnUnknownStrategyAndRpmWithTier() {
        assertThat(CliHarness.plain().run("bench", "--strategies", "eager").err())
                .contains("--strategies: 'eager' is not one of reactive, paced, fixed-margin");
        CliHarness.Result both = CliHarness.plain().run("bench", "--rpm", "60", "--tier", "tier1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--rpm and --tier exclude each other");
    }
}
