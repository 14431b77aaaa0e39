package dev.progressivebackoff.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierCatalogTest {

    private final TierCatalog moonshot = TierCatalog.moonshot();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "free, 3, 1, 20000",
        "tier1, 200, 50, 300",
        "tier2, 500, 100, 120",
        "tier3, 5000, 200, 12",
        "tier4, 5000, 400, 12",
        "tier5, 10000, 1000, 6"
    })
    void holdsMoonshotsPublishedTiers(String name, int rpm, int concurrency, long baseMillis) {
        // when
        Tier tier = moonshot.require(name);

        // then
        assertThat(tier.requestsPerMinute()).isEqualTo(rpm);
        assertThat(tier.maxConcurrency()).isEqualTo(OptionalInt.of(concurrency));
        assertThat(tier.baseDelay()).isEqualTo(Duration.ofMillis(baseMillis));
    }

    @Test
    void listsTheTiersInOrder() {
        assertThat(moonshot.names()).containsExactly("free", "tier1", "tier2", "tier3", "tier4", "tier5");
        assertThat(moonshot).hasToString("TierCatalog[free, tier1, tier2, tier3, tier4, tier5]");
    }

    @Test
    void findsATierByNameIgnoringCaseBlanksAndAliases() {
        assertThat(moonshot.byName("TIER2")).contains(moonshot.require("tier2"));
        assertThat(moonshot.byName(" tier0 ")).contains(moonshot.require("free"));
        assertThat(moonshot.byName("Free")).contains(moonshot.require("tier0"));
        assertThat(moonshot.byName("tier6")).isEmpty();
    }

    @Test
    void namesTheKnownTiersWhenAskedForAnUnknownOne() {
        assertThatThrownBy(() -> moonshot.require("gold"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown tier 'gold'; known tiers: free, tier1, tier2, tier3, tier4, tier5");
    }

    @Test
    void findsEveryTierWithAnRpm() {
        assertThat(moonshot.byRpm(5_000)).extracting(Tier::name).containsExactly("tier3", "tier4");
        assertThat(moonshot.byRpm(200)).extracting(Tier::name).containsExactly("tier1");
        assertThat(moonshot.byRpm(201)).isEmpty();
    }

    @Test
    void mapsAnObservedRpmToItsTier() {
        assertThat(moonshot.forRpm(3)).isEqualTo(moonshot.require("free"));
        assertThat(moonshot.forRpm(10_000)).isEqualTo(moonshot.require("tier5"));
    }

    @Test
    void namesTiersThatShareAnRpmTogether() {
        // when
        Tier shared = moonshot.forRpm(5_000);

        // then
        assertThat(shared.name()).isEqualTo("tier3/tier4");
        assertThat(shared.requestsPerMinute()).isEqualTo(5_000);
        assertThat(shared.baseDelay()).isEqualTo(Duration.ofMillis(12));
        assertThat(shared.maxConcurrency()).isEqualTo(OptionalInt.of(200));
        assertThat(moonshot.forRpm(5_000)).isEqualTo(shared);
    }

    @Test
    void makesACustomTierForAnRpmItDoesNotKnow() {
        // when
        Tier custom = moonshot.forRpm(60);

        // then
        assertThat(custom).isEqualTo(Tier.custom(60));
        assertThat(custom.baseDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsRepeatedNamesAndAliasesIgnoringCase() {
        assertThatThrownBy(() ->
                        TierCatalog.of(List.of(Tier.of("a", 1), Tier.of("b", 2).withAliases("A"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeated: [a]");
    }

    @Test
    void rejectsAnEmptyCatalog() {
        assertThatThrownBy(() -> TierCatalog.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
