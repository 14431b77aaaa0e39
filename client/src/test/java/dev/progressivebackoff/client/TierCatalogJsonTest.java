package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierCatalogJsonTest {

    @TempDir
    Path dir;

    @Test
    void theMoonshotCatalogRoundTripsThroughAFile() {
        // given
        Path file = dir.resolve("tiers.json");

        // when
        TierCatalogJson.write(TierCatalog.moonshot(), file);
        TierCatalog read = TierCatalogJson.read(file);

        // then
        assertThat(read.tiers()).isEqualTo(TierCatalog.moonshot().tiers());
    }

    @Test
    void readsACustomProvidersTiers() {
        // when
        TierCatalog catalog = TierCatalogJson.parse("""
                {"tiers": [
                  {"name": "hobby", "rpm": 10, "aliases": ["h"]},
                  {"name": "pro", "rpm": 600, "concurrency": 20, "baseDelay": "0.25s"}
                ]}""", "acme.json");

        // then
        assertThat(catalog.require("h"))
                .isEqualTo(new Tier("hobby", 10, OptionalInt.empty(), Duration.ofSeconds(6), List.of("h")));
        assertThat(catalog.require("pro").baseDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(catalog.require("pro").maxConcurrency()).hasValue(20);
    }

    @Test
    void errorsNameTheFileAndTheField() {
        assertThatThrownBy(() ->
                        TierCatalogJson.parse("{\"tiers\":[{\"name\":\"a\",\"rpm\":1},{\"name\":\"b\"}]}", "acme.json"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("acme.json: field 'tiers[1].rpm': required");
        assertThatThrownBy(() -> TierCatalogJson.parse("{\"tiers\":[{\"name\":\"a\",\"rpm\":-3}]}", "acme.json"))
                .hasMessageStartingWith("acme.json: field 'tiers[0]': requestsPerMinute must be positive");
        assertThatThrownBy(
                        () -> TierCatalogJson.parse("{\"tiers\":[{\"name\":\"a\",\"rpm\":3,\"rmp\":4}]}", "acme.json"))
                .hasMessageStartingWith("acme.json: field 'tiers[0].rmp': unknown field");
        assertThatThrownBy(() -> TierCatalogJson.parse(
                        "{\"tiers\":[{\"name\":\"a\",\"rpm\":3},{\"name\":\"A\",\"rpm\":4}]}", "acme.json"))
                .hasMessageContaining("acme.json: field 'tiers': tier names must be unique");
        assertThatThrownBy(() -> TierCatalogJson.parse("{\"tiers\":[]}", "acme.json"))
                .hasMessageContaining("at least one tier");
    }
}
