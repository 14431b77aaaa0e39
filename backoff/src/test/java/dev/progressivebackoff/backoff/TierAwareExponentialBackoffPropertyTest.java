package dev.progressivebackoff.backoff;

import static dev.progressivebackoff.backoff.TierAwareExponentialBackoffTest.context;
import static dev.progressivebackoff.backoff.TierAwareExponentialBackoffTest.delayOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the policy over arbitrary tiers, retries, factors, caps, jitter and hints. */
class TierAwareExponentialBackoffPropertyTest {

    @Property
    void waitsAreNeverNegativeNorLongerThanSaturation(
            @ForAll @IntRange(min = 1, max = 10_000_000) int rpm,
            @ForAll @IntRange(min = 1, max = 200) int retry,
            @ForAll @DoubleRange(min = 1.0, max = 1_000.0) double factor,
            @ForAll Jitter jitter,
            @ForAll("caps") Optional<Duration> cap,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double uniform,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long previousNanos) {
        // given
        PolicyOptions options = new PolicyOptions(200, factor, cap, jitter, false, ScriptedRandom.of(uniform));
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.withOptions(options);

        // when
        Duration wait = delayOf(policy.decide(
                context(retry, Tier.custom(rpm), Signals.rateLimited(), Duration.ofNanos(previousNanos))));

        // then
        assertThat(wait).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Seconds.SATURATED);
        cap.ifPresent(max -> assertThat(wait).isLessThanOrEqualTo(max));
    }

    @Property
    void withoutJitterTheWaitIsBaseTimesFactorToThePowerOfRetryMinusOne(
            @ForAll @IntRange(min = 1, max = 100_000) int rpm, @ForAll @IntRange(min = 1, max = 20) int retry) {
        // given
        TierAwareExponentialBackoff policy =
                TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withMaxRetries(20));
        Tier tier = Tier.custom(rpm);

        // when
        Duration wait = delayOf(policy.decide(context(retry, tier, Signals.rateLimited(), Duration.ZERO)));
        Duration next =
                delayOf(policy.decide(context(Math.min(retry + 1, 20), tier, Signals.rateLimited(), Duration.ZERO)));

        // then
        assertThat(wait).isEqualTo(tier.baseDelay().multipliedBy(1L << (retry - 1)));
        assertThat(next).isGreaterThanOrEqualTo(wait);
    }

    @Property
    void neverRetriesEarlierThanTheServerAsked(
            @ForAll @IntRange(min = 1, max = 10_000_000) int rpm,
            @ForAll @IntRange(min = 1, max = 6) int retry,
            @ForAll Jitter jitter,
            @ForAll boolean spread,
            @ForAll("hints") Duration hinted,
            @ForAll @DoubleRange(min = 0.0, max = 1.0, maxIncluded = false) double uniform) {
        // given
        PolicyOptions options = PolicyOptions.DEFAULTS
                .withJitter(jitter, ScriptedRandom.of(uniform))
                .withSpreadServerHints(spread);
        Tier tier = Tier.custom(rpm);
        RateLimitSignals signals = Signals.rateLimited(Signals.hint(hinted, WaitSource.RETRY_AFTER));

        // when
        BackoffDecision decision =
                TierAwareExponentialBackoff.withOptions(options).decide(context(retry, tier, signals, Duration.ZERO));

        // then
        Duration wait = delayOf(decision);
        assertThat(((BackoffDecision.Retry) decision).source()).isEqualTo(WaitSource.RETRY_AFTER);
        assertThat(wait).isGreaterThanOrEqualTo(hinted).isLessThanOrEqualTo(Seconds.SATURATED);
        if (!spread || jitter == Jitter.NONE) {
            assertThat(wait).isEqualTo(hinted);
        } else if (hinted.compareTo(Seconds.SATURATED) < 0) {
            assertThat(wait).isLessThanOrEqualTo(hinted.plus(tier.baseDelay()));
        }
    }

    @Provide
    Arbitrary<Optional<Duration>> caps() {
        return Arbitraries.longs()
                .between(1, Long.MAX_VALUE)
                .map(Duration::ofNanos)
                .optional();
    }

    @Provide
    Arbitrary<Duration> hints() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, Seconds.SATURATED.toNanos()).map(Duration::ofNanos),
                Arbitraries.of(Duration.ZERO, Seconds.SATURATED, Duration.ofSeconds(900)));
    }
}
