package dev.progressivebackoff.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffDecisionTest {

    @Test
    void aRetryCarriesItsWaitAndSource() {
        BackoffDecision.Retry retry = BackoffDecision.retryAfter(Duration.ofSeconds(20), WaitSource.TIER_BACKOFF);

        assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(retry.source()).isEqualTo(WaitSource.TIER_BACKOFF);
        assertThat(BackoffDecision.retryAfter(Duration.ZERO, WaitSource.RETRY_AFTER)
                        .delay())
                .isZero();
    }

    @Test
    void rejectsANegativeWait() {
        assertThatThrownBy(() -> BackoffDecision.retryAfter(Duration.ofMillis(-1), WaitSource.TIER_BACKOFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void aGiveUpCarriesItsReason() {
        assertThat(BackoffDecision.giveUp("enough").reason()).isEqualTo("enough");
        assertThatThrownBy(() -> BackoffDecision.giveUp(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRetryContextIsOneBased() {
        assertThatThrownBy(() -> new RetryContext(0, Tier.of("t", 1), null, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-based");
    }
}
