package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClientPacingTest {

    private static final RateLimitKey KEY = RateLimitKey.of("https://api.example.test/v1", "sk-pacing");

    /** A pacer that records what it is told and never waits. */
    private static final class RecordingPacer implements Pacer {
        final List<RateLimitSignals> observed = new ArrayList<>();
        final List<Tier> adopted = new ArrayList<>();
        final List<Duration> coolDowns = new ArrayList<>();
        int acquired;

        @Override
        public Permit acquire() {
            acquired++;
            return Permit.NONE;
        }

        @Override
        public void adoptTier(Tier tier) {
            adopted.add(tier);
        }

        @Override
        public void adoptRpm(int requestsPerMinute) {
            adopted.add(Tier.custom(requestsPerMinute));
        }

        @Override
        public void observe(RateLimitSignals signals) {
            observed.add(signals);
        }

        @Override
        public void coolDown(Duration duration) {
            coolDowns.add(duration);
        }

        @Override
        public PacerState state() {
            return new PacerState(true, 60, OptionalInt.empty(), 1, 0, 0, Duration.ZERO, 1.0);
        }
    }

    private final RecordingPacer pacer = new RecordingPacer();
    private final PacerRegistry registry = PacerRegistry.createKeyed((key, tier) -> pacer);

    private static RateLimitSignals spent(Duration reset) {
        return new RateLimitSignals(
                200,
                Instant.EPOCH,
                List.of(),
                Optional.empty(),
                OptionalLong.of(0),
                Optional.of(reset),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.of(reset),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    @Test
    void aResetIsCountedFromTheSendWithAMarginOfAMillisecondAndAHalfPercent() {
        // given a known tier
        ClientPacing pacing = ClientPacing.create(registry, KEY, Tier.of("t", 120), true, OptionalInt.empty());

        // when a response says the window resets in 500 ms, 100 ms after the request was sent
        pacing.observe(Permit.NONE, spent(Duration.ofMillis(500)), Duration.ofMillis(100));

        // then the pacer hears 500 − 100 + 1 + 2.5 ms, for requests and tokens alike
        assertThat(pacer.observed).singleElement().satisfies(signals -> {
            assertThat(signals.resetRequests()).hasValue(Duration.ofNanos(403_500_000));
            assertThat(signals.resetTokens()).hasValue(Duration.ofNanos(403_500_000));
        });
    }

    @Test
    void aResetShorterThanTheFlightLeavesOnlyTheGuard() {
        ClientPacing pacing = ClientPacing.create(registry, KEY, Tier.of("t", 120), true, OptionalInt.empty());

        pacing.observe(Permit.NONE, spent(Duration.ofMillis(500)), Duration.ofSeconds(2));

        assertThat(pacer.observed.get(0).resetRequests()).hasValue(Duration.ofNanos(3_500_000));
    }

    @Test
    void withAnUnknownTierNothingIsPacedUntilATierIsDetectedAndThatFirstStartIsRecorded() throws Exception {
        // given tier auto
        ClientPacing pacing = ClientPacing.create(registry, KEY, Tier.of("guess", 3), false, OptionalInt.empty());

        // when a request goes out, then its response reveals the tier
        assertThat(pacing.acquire()).isSameAs(Permit.NONE);
        pacing.observe(Permit.NONE, spent(Duration.ofSeconds(1)), Duration.ZERO);
        pacing.onEvent(new RetryEvent.TierDetected(Tier.of("tier1", 200, 50), Optional.empty(), "x: 200"));

        // then nothing was observed before, the pacer now paces at the tier, and the start was recorded
        assertThat(pacer.observed).isEmpty();
        assertThat(pacer.adopted).containsExactly(Tier.of("tier1", 200, 50));
        assertThat(pacer.acquired).isEqualTo(1);
        assertThat(registry.keys()).containsExactly(KEY);
    }

    @Test
    void anRpmOverrideIsKeptWhenATierIsDetectedAndCoolDownsReachThePacer() {
        // given
        ClientPacing pacing = ClientPacing.create(registry, KEY, Tier.custom(60), true, OptionalInt.of(60));

        // when
        pacing.onEvent(new RetryEvent.TierDetected(Tier.of("tier1", 200, 50), Optional.empty(), "x: 200"));

        // then the tier's cap, the configured rate
        assertThat(pacer.adopted).last().satisfies(tier -> {
            assertThat(tier.requestsPerMinute()).isEqualTo(60);
            assertThat(tier.maxConcurrency()).hasValue(50);
        });
    }

    @Test
    void aDisabledRegistryNeverPaces() throws Exception {
        ClientPacing pacing =
                ClientPacing.create(PacerRegistry.disabled(), KEY, Tier.of("t", 3), true, OptionalInt.empty());

        assertThat(pacing.acquire()).isSameAs(Permit.NONE);
        assertThat(pacing.isPacing()).isFalse();
        assertThat(pacing.state()).isEqualTo(PacerState.UNPACED);
    }
}
