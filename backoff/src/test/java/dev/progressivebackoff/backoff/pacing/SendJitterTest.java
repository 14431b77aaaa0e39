package dev.progressivebackoff.backoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendJitterTest {

    private static final long MS = 1_000_000L;

    @Test
    void withPromptSendsTheMarginIsTheFixedOne() {
        SendJitter jitter = new SendJitter();
        jitter.record(50_000);

        assertThat(jitter.margin(200 * MS)).isEqualTo(WindowRules.margin(200 * MS)).isEqualTo(2 * MS);
    }

    @Test
    void aSlowSendWidensTheMarginToItsDelayAtMostATenthOfTheSpacing() {
        SendJitter jitter = new SendJitter();
        jitter.record(7 * MS);

        assertThat(jitter.margin(200 * MS)).isEqualTo(7 * MS);
        assertThat(jitter.margin(50 * MS)).isEqualTo(5 * MS);
    }

    @Test
    void theDelayIsForgottenASixteenthPerRequestUnlessASlowerOneComes() {
        SendJitter jitter = new SendJitter();
        jitter.record(16 * MS);
        jitter.record(0);
        assertThat(jitter.slowest()).isEqualTo(15 * MS);
        jitter.record(20 * MS);
        assertThat(jitter.slowest()).isEqualTo(20 * MS);
        jitter.record(-5);
        assertThat(jitter.slowest()).isEqualTo(20 * MS - 20 * MS / 16);
    }
}
