package dev.progressivebackoff.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TierTest {

    @ParameterizedTest(name = "{0} RPM -> {1} ns")
    @CsvSource({
        "3, 20000000000",
        "200, 300000000",
        "500, 120000000",
        "5000, 12000000",
        "10000, 6000000",
        "60, 1000000000",
        "7, 8571428571"
    })
    void derivesTheBaseDelayAsSixtySecondsPerRpm(int rpm, long expectedNanos) {
        assertThat(Tier.of("t", rpm).baseDelay()).isEqualTo(Duration.ofNanos(expectedNanos));
        assertThat(Tier.baseDelayFor(rpm)).isEqualTo(Duration.ofNanos(expectedNanos));
    }

    @Test
    void keepsAGivenBaseDelayAndConcurrency() {
        // when
        Tier tier = new Tier("burst", 100, OptionalInt.of(4), Duration.ofSeconds(2), List.of("b"));

        // then
        assertThat(tier.baseDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tier.maxConcurrency()).hasValue(4);
        assertThat(tier.aliases()).containsExactly("b");
        assertThat(Tier.of("tier1", 200, 50).maxConcurrency()).hasValue(50);
        assertThat(Tier.of("tier1", 200).maxConcurrency()).isEmpty();
    }

    @Test
    void answersToItsNameAndAliasesIgnoringCaseAndBlanks() {
        // given
        Tier free = Tier.of("free", 3, 1).withAliases("tier0");

        // then
        assertThat(free.answersTo("FREE")).isTrue();
        assertThat(free.answersTo(" Tier0 ")).isTrue();
        assertThat(free.answersTo("tier1")).isFalse();
    }

    @Test
    void namesACustomTierAfterItsRpm() {
        // when
        Tier custom = Tier.custom(60);

        // then
        assertThat(custom.name()).isEqualTo("custom-60rpm");
        assertThat(custom.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(custom.maxConcurrency()).isEmpty();
    }

    @Test
    void describesItselfInTheDocumentedDetectedTierForm() {
        assertThat(Tier.of("free", 3, 1).describe()).isEqualTo("free (RPM: 3, delay: 20.0s)");
        assertThat(Tier.of("tier1", 200, 50).describe()).isEqualTo("tier1 (RPM: 200, delay: 0.3s)");
        assertThat(Tier.of("tier3", 5_000, 200).describe()).isEqualTo("tier3 (RPM: 5000, delay: 0.012s)");
    }

    @Test
    void renamingDropsAliases() {
        Tier renamed = Tier.of("free", 3).withAliases("tier0").withName("starter");

        assertThat(renamed.name()).isEqualTo("starter");
        assertThat(renamed.aliases()).isEmpty();
        assertThat(renamed.requestsPerMinute()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsANonPositiveRpm(int rpm) {
        assertThatThrownBy(() -> Tier.of("t", rpm))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestsPerMinute");
        assertThatThrownBy(() -> Tier.baseDelayFor(rpm)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsInvalidParts() {
        assertThatThrownBy(() -> Tier.of(" ", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tier.of("t", 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> new Tier("t", 3, OptionalInt.empty(), Duration.ZERO, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseDelay");
        assertThatThrownBy(() -> new Tier(null, 3, OptionalInt.empty(), Duration.ofSeconds(1), List.of()))
                .isInstanceOf(NullPointerException.class);
    }
}
