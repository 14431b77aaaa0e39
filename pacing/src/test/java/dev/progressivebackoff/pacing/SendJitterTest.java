package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendJitterTest {

    private static final long MS = 1_000_000L;

    @Test
    void aSteadyDelayIsNoJitterEvenALongOne() {
        SendJitter jitter = new SendJitter();
        for (int request = 0; request < 5; request++) {
            jitter.record(9 * MS);
        }

        assertThat(jitter.jitter()).isZero();
        assertThat(jitter.margin(200 * MS))
                .isEqualTo(WindowRules.margin(200 * MS))
                .isEqualTo(2 * MS);
    }

    @Test
    void anUnevenDelayWidensTheMarginToItsChangeAtMostATenthOfTheSpacing() {
        SendJitter jitter = new SendJitter();
        jitter.record(1 * MS);
        jitter.record(8 * MS);

        assertThat(jitter.margin(200 * MS)).isEqualTo(7 * MS);
        assertThat(jitter.margin(50 * MS)).isEqualTo(5 * MS);
    }

    @Test
    void theJitterIsForgottenASixteenthPerRequestUnlessALargerChangeComes() {
        SendJitter jitter = new SendJitter();
        jitter.record(0);
        jitter.record(16 * MS);
        jitter.record(16 * MS);
        assertThat(jitter.jitter()).isEqualTo(15 * MS);
        jitter.record(-4 * MS);
        assertThat(jitter.jitter()).isEqualTo(16 * MS);
        jitter.record(0);
        assertThat(jitter.jitter()).isEqualTo(15 * MS);
    }
}
