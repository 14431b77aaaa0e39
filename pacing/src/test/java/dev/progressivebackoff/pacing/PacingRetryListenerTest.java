package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PacingRetryListenerTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final Pacer pacer = Pacer.builder()
            .withSpacingMargin(false)
            .withTier(Tier.of("free", 3, 1))
            .withTimeSource(clock)
            .withSleeper(clock)
            .build();

    @Test
    void coolsThePacerDownForTheWaitOfEachRateLimitedEvent() {
        // when the retry loop reports a 429 and a 20 s wait
        pacer.asRetryListener()
                .onEvent(new RetryEvent.RateLimited(
                        1, 6, Duration.ofSeconds(20), WaitSource.TIER_BACKOFF, Tier.of("free", 3, 1), Signals.ok()));

        // then every request on the key is held for 20 s
        assertThat(pacer.state().heldFor()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void adoptsTheTierOfEachTierDetectedEvent() {
        // when the retry loop reports tier1
        PacingRetryListener.feeding(pacer)
                .onEvent(new RetryEvent.TierDetected(
                        Tier.of("tier1", 200, 50), Optional.empty(), "x-ratelimit-limit-requests: 200"));

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

    @Test
    void aFeedingListenerWhosePacerThrowsNeitherFailsNorAltersTheRetryLoopAndIsReported() {
        // given the same retry loop with and without a listener feeding a pacer whose cool-down throws
        RetryListener broken = PacingRetryListener.feeding(new CoolDownFails(pacer));
        List<Object> reported = new ArrayList<>();
        List<Duration> sleptWithout = new ArrayList<>();
        List<Duration> sleptWith = new ArrayList<>();
        String without = loop(sleptWithout).build().execute(this::rateLimitedThenOk);

        // when
        String with = loop(sleptWith)
                .onEvent(broken)
                .onListenerError((listener, event, failure) -> reported.add(listener))
                .build()
                .execute(this::rateLimitedThenOk);

        // then the call went exactly as without it, and the failure was reported once, naming the listener
        assertThat(with).isEqualTo(without).isEqualTo("ok");
        assertThat(sleptWith).isEqualTo(sleptWithout).containsExactly(Duration.ofSeconds(20));
        assertThat(reported).containsExactly(broken);
    }

    private RateLimitRetryLoop.Builder loop(List<Duration> slept) {
        return RateLimitRetryLoop.builder()
                .withPolicy(TierAwareExponentialBackoff.documented())
                .withTier(Tier.of("free", 3, 1))
                .withTimeSource(clock)
                .withSleeper(slept::add);
    }

    private ExchangeResult<String> rateLimitedThenOk(int attempt) {
        RateLimitSignals signals = attempt == 1 ? Signals.rateLimited() : Signals.ok();
        return attempt == 1 ? ExchangeResult.withoutValue(signals) : new ExchangeResult<>(signals, "ok");
    }

    /** A pacer whose cool-down fails: a bug in a listener's collaborator. */
    private static final class CoolDownFails implements Pacer {
        private final Pacer delegate;

        CoolDownFails(Pacer delegate) {
            this.delegate = delegate;
        }

        @Override
        public Permit acquire() throws InterruptedException {
            return delegate.acquire();
        }

        @Override
        public void adoptTier(Tier tier) {
            delegate.adoptTier(tier);
        }

        @Override
        public void adoptRpm(int requestsPerMinute) {
            delegate.adoptRpm(requestsPerMinute);
        }

        @Override
        public void observe(RateLimitSignals signals) {
            delegate.observe(signals);
        }

        @Override
        public void coolDown(Duration duration) {
            throw new IllegalStateException("pacer bug");
        }

        @Override
        public PacerState state() {
            return delegate.state();
        }
    }
}
