package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PacingRetryListenerTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final Pacer pacer = Pacer.builder().withSpacingMargin(false).withTier(Tier.of("free", 3, 1)).withTimeSource(clock)
            .withSleeper(clock).build();

    @Test
    void coolsThePacerDownForTheWaitOfEachRateLimitedEvent() {
        // when the retry loop reports a 429 and a 20 s wait
        pacer.asRetryListener().onEvent(new RetryEvent.RateLimited(1, 6, Duration.ofSeconds(20),
                WaitSource.TIER_BACKOFF, Tier.of("free", 3, 1), Signals.ok()));

        // then every request on the key is held for 20 s
        assertThat(pacer.state().heldFor()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void adoptsTheTierOfEachTierDetectedEvent() {
        // when the retry loop reports tier1
        PacingRetryListener.feeding(pacer).onEvent(new RetryEvent.TierDetected(Tier.of("tier1", 200, 50),
                Optional.empty(), "x-ratelimit-limit-requests: 200"));

        // then the pacer paces at tier1
        assertThat(pacer.state().requestsPerMinute()).isEqualTo(200);
        assertThat(pacer.state().maxConcurrency()).isEqualTo(OptionalInt.of(50));
    }

    @Test
    void ignoresTheOtherEvents() {
        PacingRetryListener listener = PacingRetryListener.feeding(pacer);

        listener.onEvent(new RetryEvent.Succeeded(1, Duration.ZERO));
        listener.onEvent(new RetryEvent.GaveUp("Max retries exceeded (after proper tier-aware backoff)", List.of()));

        assertThat(pacer.state().heldFor()).isZero();
        assertThat(pacer.state().requestsPerMinute()).isEqualTo(3);
    }
}
