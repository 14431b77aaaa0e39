package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScheduleCommandTest {

    private final CliHarness cli = CliHarness.plain();

    @Test
    void printsEveryDocumentedTierAsTheGoldenTable() throws IOException {
        // when
        CliHarness.Result result = cli.run("schedule");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo(golden("schedule-all.txt"));
    }

    @Test
    void printsTheDocumentedJsonShapeForTheFreeTier() {
        // when
        CliHarness.Result result = cli.run("schedule", "--tier", "free", "--format", "json");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip())
                .isEqualTo("{\"tiers\":[{\"tier\":\"free\",\"rpm\":3,\"base_s\":20.0,"
                        + "\"factor\":2.0,\"waits_s\":[20.0,40.0,80.0,160.0,320.0,640.0],\"total_s\":1260.0}]}");
    }

    @Test
    void printsEveryTierInJsonWithExactDecimalWaits() throws IOException {
        // when
        CliHarness.Result result = cli.run("schedule", "--format", "json");

        // then
        JsonNode tiers = new ObjectMapper().readTree(result.out()).path("tiers");
        assertThat(tiers).hasSize(6);
        assertThat(tiers.get(1).path("waits_s").toString()).isEqualTo("[0.3,0.6,1.2,2.4,4.8,9.6]");
        assertThat(tiers.get(1).path("total_s").asText()).isEqualTo("18.9");
        assertThat(tiers.get(3).path("total_s").asText()).isEqualTo("0.756");
        assertThat(tiers.get(5).path("base_s").asText()).isEqualTo("0.006");
    }

    @Test
    void acceptsTheTier0AliasAndOtherRetryCountsAndFactors() {
        // when
        CliHarness.Result result = cli.run("schedule", "--tier", "tier0", "--retries", "3", "--factor", "3");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("3/3     180.0s     260.0s").contains("Total wait: 260.0s (~4 min)");
    }

    @Test
    void rejectsAnUnknownTierWithExitTwoNamingTheFlagAndTheKnownTiers() {
        // when
        CliHarness.Result result = cli.run("schedule", "--tier", "gold");

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--tier").contains("gold").contains("free, tier1");
    }

    @Test
    void rejectsAFactorBelowOneWithExitTwo() {
        CliHarness.Result result = cli.run("schedule", "--factor", "0.5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--factor");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ScheduleCommandTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
