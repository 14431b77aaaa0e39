package dev.progressivebackoff.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DocumentedScheduleTest {

    @Test
    void documentsAllSixMoonshotTiers() {
        assertThat(DocumentedSchedule.all())
                .extracting(DocumentedSchedule::tier)
                .containsExactly("free", "tier1", "tier2", "tier3", "tier4", "tier5");
    }

    @Test
    void holdsTheFreeTierAsTheSeedPublishesIt() {
        // when
        DocumentedSchedule free = DocumentedSchedule.forTier("free");

        // then
        assertThat(free.requestsPerMinute()).isEqualTo(3);
        assertThat(free.baseDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(free.factor()).isEqualTo(2.0);
        assertThat(free.waits())
                .containsExactly(
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(80),
                        Duration.ofSeconds(160),
                        Duration.ofSeconds(320),
                        Duration.ofSeconds(640));
        assertThat(free.totalWait()).isEqualTo(Duration.ofSeconds(1_260));
        assertThat(free.retries()).isEqualTo(6);
        assertThat(free.attempts()).isEqualTo(7);
        assertThat(free.finalMessage()).isEqualTo("Max retries exceeded (after proper tier-aware backoff)");
    }

    @Test
    void holdsTheHigherTiersFirstWaitsAndTotals() {
        assertThat(DocumentedSchedule.forTier("tier1").waits())
                .containsExactly(
                        Duration.ofMillis(300),
                        Duration.ofMillis(600),
                        Duration.ofMillis(1_200),
                        Duration.ofMillis(2_400),
                        Duration.ofMillis(4_800),
                        Duration.ofMillis(9_600));
        assertThat(DocumentedSchedule.forTier("tier1").totalWait()).isEqualTo(Duration.ofMillis(18_900));
        assertThat(DocumentedSchedule.forTier("tier2").baseDelay()).isEqualTo(Duration.ofMillis(120));
        assertThat(DocumentedSchedule.forTier("tier3").baseDelay()).isEqualTo(Duration.ofMillis(12));
        assertThat(DocumentedSchedule.forTier("tier4").totalWait()).isEqualTo(Duration.ofMillis(756));
        assertThat(DocumentedSchedule.forTier("tier5").baseDelay()).isEqualTo(Duration.ofMillis(6));
        assertThat(DocumentedSchedule.forTier("tier5").totalWait()).isEqualTo(Duration.ofMillis(378));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.progressivebackoff.verification.DocumentedSchedule#all")
    void eachDocumentedWaitIsTwiceThePreviousOne(DocumentedSchedule schedule) {
        List<Duration> waits = schedule.waits();
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).isEqualTo(waits.get(i - 1).multipliedBy(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.progressivebackoff.verification.DocumentedSchedule#all")
    void agreesWithTheMoonshotCatalog(DocumentedSchedule schedule) {
        Tier tier = TierCatalog.moonshot().require(schedule.tier());

        assertThat(tier.requestsPerMinute()).isEqualTo(schedule.requestsPerMinute());
        assertThat(tier.baseDelay()).isEqualTo(schedule.baseDelay());
    }

    @Test
    void documentsTheSameFinalMessageTheRetryLoopThrows() {
        assertThat(DocumentedSchedule.FINAL_MESSAGE).isEqualTo(RetriesExhaustedException.MESSAGE);
    }

    @Test
    void findsATierIgnoringCaseAndByAlias() {
        assertThat(DocumentedSchedule.forTier("TIER0")).isSameAs(DocumentedSchedule.forTier("free"));
        assertThat(DocumentedSchedule.forTier(" Tier2 ").tier()).isEqualTo("tier2");
        assertThat(DocumentedSchedule.find("gold")).isEmpty();
    }

    @Test
    void namesTheDocumentedTiersWhenAskedForAnotherOne() {
        assertThatThrownBy(() -> DocumentedSchedule.forTier("gold"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no documented schedule for tier 'gold'; documented: free, tier1, tier2, tier3, tier4, "
                        + "tier5");
    }

    @Test
    void rejectsATotalThatIsNotTheSumOfTheWaits() {
        assertThatThrownBy(() -> new DocumentedSchedule(
                        "x",
                        List.of(),
                        60,
                        Duration.ofSeconds(1),
                        2.0,
                        List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                        Duration.ofSeconds(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to PT3S");
    }

    @Test
    void rejectsAFirstWaitOtherThanTheBaseDelay() {
        assertThatThrownBy(() -> new DocumentedSchedule(
                        "x",
                        List.of(),
                        60,
                        Duration.ofSeconds(1),
                        2.0,
                        List.of(Duration.ofSeconds(2)),
                        Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base delay");
    }
}
