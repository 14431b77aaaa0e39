package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerNoneTest {

    @Test
    void neverWaitsWhateverItIsTold() throws InterruptedException {
        // given an unpaced pacer told to cool down and that nothing is left
        Pacer pacer = Pacer.none();
        pacer.adoptTier(Tier.of("free", 3, 1));
        pacer.coolDown(Duration.ofMinutes(5));
        pacer.observe(Signals.requestsLeft(0, Duration.ofSeconds(60)));

        // when many requests acquire, then each gets a permit at once
        for (int i = 0; i < 100; i++) {
            try (Permit permit = pacer.acquire()) {
                assertThat(permit).isSameAs(Permit.NONE);
            }
        }
        assertThat(pacer.state()).isEqualTo(PacerState.UNPACED);
        assertThat(pacer.state().pacing()).isFalse();
    }

    @Test
    void stillHonoursAnInterrupt() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> Pacer.none().acquire()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
