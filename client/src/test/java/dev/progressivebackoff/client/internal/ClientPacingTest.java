package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.WindowQuota;
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
    void thePacerReceivesThePerWindowFiguresWithTheirResetsCountedFromTheSend() {
        ClientPacing pacing = ClientPacing.create(registry, KEY, Tier.of("t", 120), true, OptionalInt.empty());
        WindowQuota day = new WindowQuota(
                "requests",
                Duration.ofDays(1),
                OptionalLong.of(14_400),
                OptionalLong.of(0),
                Optional.of(Duration.ofMillis(500)),
                "x-ratelimit-limit-requests-day");
        WindowQuota minute = new WindowQuota(
                "tokens",
                Duration.ofMinutes(1),
                OptionalLong.of(60_000),
                OptionalLong.of(59_000),
                Optional.empty(),
                "x-ratelimit-limit-tokens-minute");

        pacing.observe(Permit.NONE, withWindows(spent(Duration.ofMillis(500)), day, minute), Duration.ofMillis(100));

        // then both windows arrive, in order, each reset shifted as the request reset is (500 − 100 + 3.5 ms)
        assertThat(pacer.observed)
                .singleElement()
                .satisfies(signals -> assertThat(signals.windows())
                        .containsExactly(
                                new WindowQuota(
                                        "requests",
                                        Duration.ofDays(1),
                                        OptionalLong.of(14_400),
                                        OptionalLong.of(0),
                                        Optional.of(Duration.ofNanos(403_500_000)),
                                        "x-ratelimit-limit-requests-day"),
                                minute));
    }

    @Test
    void aWindowsResetAloneIsShiftedToo() {
        ClientPacing pacing = ClientPacing.create(registry, KEY, Tier.of("t", 120), true, OptionalInt.empty());
        RateLimitSignals signals = RateLimitSignals.parse(
                200,
                ResponseHeaders.of(
                        "x-ratelimit-limit-requests-day", "14400",
                        "x-ratelimit-remaining-requests-day", "14399",
                        "x-ratelimit-reset-requests-day", "0.5"),
                ErrorBody.EMPTY,
                Instant.EPOCH);

        pacing.observe(Permit.NONE, signals, Duration.ofMillis(100));

        assertThat(pacer.observed.get(0).windows())
                .singleElement()
                .satisfies(w -> assertThat(w.reset()).hasValue(Duration.ofNanos(403_500_000)));
    }

    private static RateLimitSignals withWindows(RateLimitSignals s, WindowQuota... windows) {
        return new RateLimitSignals(
                s.status(),
                s.measuredAt(),
                s.hints(),
                s.requestQuota(),
                s.remainingRequests(),
                s.resetRequests(),
                s.tokenQuota(),
                s.remainingTokens(),
                s.resetTokens(),
                s.shouldRetry(),
                s.errorBody(),
                s.classification(),
                List.of(windows));
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
