package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PacerBuilderTest {

    @Test
    void requiresATier() {
        assertThatThrownBy(() -> Pacer.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("withTier");
    }

    @Test
    void rejectsInvalidSettingsAtOnce() {
        Pacer.Builder builder = Pacer.builder();

        assertThatThrownBy(() -> builder.withBurst(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.withRpm(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.withRecheckInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.withMaxHold(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startsIdleWithNoBurstAndNoCapForAnRpm() {
        PacerState state = Pacer.builder()
                .withRpm(120)
                .withTimeSource(FakeClock.parkingSleepers())
                .build()
                .state();

        assertThat(state).isEqualTo(new PacerState(true, 120, OptionalInt.empty(), 1, 0, 0, Duration.ZERO, 1.0));
    }
}
