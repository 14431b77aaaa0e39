package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.progressivebackoff.pacing.internal.GcraSchedule;
import org.junit.jupiter.api.Test;

class SlowdownRulesTest {

    @Test
    void a429SlowsDownAQuarterAndLeavesAFloorThreePercentAboveThePaceThatMetIt() {
        double failed = SlowdownRules.failedAfter429(0, 1.0);
        double floor = SlowdownRules.floorAfter429(1.0, 1.0);
        double slowdown = SlowdownRules.slowdownAfter429(1.0, floor);

        assertThat(failed).isEqualTo(1.0);
        assertThat(floor).isEqualTo(1.03);
        assertThat(slowdown).isEqualTo(1.25);
        assertThat(SlowdownRules.recovering(slowdown, floor, failed)).isTrue();
    }

    @Test
    void successesComeBackToTheFloorAndProbeItDownToHalfAPercentAboveThePaceThatFailed() {
        double failed = 1.0;
        double floor = 1.03;
        double slowdown = 1.25;
        for (int success = 0; success < 5; success++) {
            floor = SlowdownRules.floorAfterSuccess(floor, failed);
            slowdown = SlowdownRules.slowdownAfterSuccess(slowdown, floor);
        }
        assertThat(slowdown).isCloseTo(1.03 - 5.0 / 4096, within(1e-12));

        for (int success = 0; success < 1_000; success++) {
            floor = SlowdownRules.floorAfterSuccess(floor, failed);
            slowdown = SlowdownRules.slowdownAfterSuccess(slowdown, floor);
        }
        assertThat(slowdown).isEqualTo(floor).isCloseTo(1.005, within(1e-12));
        assertThat(SlowdownRules.recovering(slowdown, floor, failed)).isFalse();
    }

    @Test
    void withoutA429ASuccessChangesNothing() {
        assertThat(SlowdownRules.floorAfterSuccess(1.0, 0)).isEqualTo(1.0);
        assertThat(SlowdownRules.slowdownAfterSuccess(1.0, 1.0)).isEqualTo(1.0);
        assertThat(SlowdownRules.recovering(1.0, 1.0, 0)).isFalse();
    }

    @Test
    void theSlowDownNeverExceedsTheMaximum() {
        double slowdown = 1.0;
        double floor = 1.0;
        for (int rateLimited = 0; rateLimited < 20; rateLimited++) {
            floor = SlowdownRules.floorAfter429(floor, slowdown);
            slowdown = SlowdownRules.slowdownAfter429(slowdown, floor);
        }
        assertThat(slowdown).isEqualTo(SlowdownRules.MAX_SLOWDOWN);
        assertThat(floor).isEqualTo(SlowdownRules.MAX_SLOWDOWN);
    }

    @Test
    void theSpacingIsSixtySecondsOverRpmRoundedUpPlusTheMarginWhenAsked() {
        assertThat(WindowRules.spacing(600, false)).isEqualTo(100_000_000L);
        assertThat(WindowRules.spacing(600, true)).isEqualTo(101_500_000L);
        assertThat(WindowRules.spacing(7, false)).isEqualTo(GcraSchedule.intervalFor(7));
    }
}
