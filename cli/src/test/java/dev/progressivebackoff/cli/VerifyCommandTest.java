package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    @Test
    void passesEveryRowAndPrintsTheStableJsonShape() throws IOException {
        // when
        CliHarness.Result result = CliHarness.plain().run("verify", "--format", "json");

        // then
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertThat(root.path("rows"))
                .allSatisfy(row -> assertThat(row.path("status").asText())
                        .as(row.toString())
                        .isEqualTo("pass"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(root.path("passed").asBoolean()).isTrue();
        assertThat(root.path("rows"))
                .extracting(row -> row.path("component").asText())
                .contains(
                        "Progressive Backoff (free)",
                        "Progressive Backoff (tier1)",
                        "Progressive Backoff (tier5)",
                        "Retry-After header (seconds)",
                        "Retry-After header (date)",
                        "Retry-After header (ms)",
                        "Tier Detection",
                        "HTTP retries exclude 429");
        assertThat(root.path("rows").get(0).path("notes").asText())
                .contains("20.0s → 40.0s → 80.0s → 160.0s → 320.0s → 640.0s")
                .contains("total 1260.0s")
                .contains("7 requests");
    }

    @Test
    void printsAStatusTableInTheSpiritOfTheSeed() {
        CliHarness.Result result = CliHarness.plain().run("verify");

        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.out())
                .startsWith("| Component | Status | Notes |")
                .contains("| **Progressive Backoff (free)** | ✅ pass |")
                .contains("| **HTTP retries exclude 429** | ✅ pass |")
                .contains("Progressive backoff is working as documented.");
    }
}
