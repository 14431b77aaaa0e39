package dev.progressivebackoff.backoff;

import static dev.progressivebackoff.testsupport.Signals.hint;
import static dev.progressivebackoff.testsupport.Signals.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierAwareExponentialBackoffTest {

    private static final TierCatalog MOONSHOT = TierCatalog.moonshot();
    private static final Tier FREE = MOONSHOT.require("free");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            free  | 20    | 40    | 80    | 160   | 320   | 640
            tier0 | 20    | 40    | 80    | 160   | 320   | 640
            tier1 | 0.3   | 0.6   | 1.2   | 2.4   | 4.8   | 9.6
            tier2 | 0.12  | 0.24  | 0.48  | 0.96  | 1.92  | 3.84
            tier3 | 0.012 | 0.024 | 0.048 | 0.096 | 0.192 | 0.384
            tier4 | 0.012 | 0.024 | 0.048 | 0.096 | 0.192 | 0.384
            tier5 | 0.006 | 0.012 | 0.024 | 0.048 | 0.096 | 0.192
            """)
    void waitsTheDocumentedScheduleExactlyForEveryTier(
            String tierName, String w1, String w2, String w3, String w4, String w5, String w6) {
        // given
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.documented();
        Tier tier = MOONSHOT.require(tierName);

        // when
        List<BackoffDecision> decisions = new ArrayList<>();
        for (int retry = 1; retry <= 6; retry++) {
            decisions.add(policy.decide(context(retry, tier, rateLimited(), Duration.ZERO)));
        }

        // then
        assertThat(decisions)
                .containsExactlyElementsOf(Arrays.stream(new String[] {w1, w2, w3, w4, w5, w6})
                        .map(w -> (BackoffDecision) BackoffDecision.retryAfter(seconds(w), WaitSource.TIER_BACKOFF))
                        .toList());
    }

    @Test
    void givesUpWithTheDocumentedMessageAfterTheSixthRetry() {
        // given
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.documented();

        // when
        BackoffDecision seventh = policy.decide(context(7, FREE, rateLimited(), Duration.ZERO));

        // then
        assertThat(policy.maxRetries()).isEqualTo(6);
        assertThat(seventh).isEqualTo(BackoffDecision.giveUp(RetriesExhaustedException.MESSAGE));
        assertThat(RetriesExhaustedException.MESSAGE)
                .isEqualTo("Max retries exceeded (after proper tier-aware backoff)");
        // the loop asks the policy for its reason once the retries are spent: the documented one, by name
        assertThat(policy.retriesExhaustedReason()).isEqualTo(RetriesExhaustedException.MESSAGE);
        assertThat(policy.name()).isEqualTo("tier-aware-exponential");
    }

    @Test
    void givesUpEvenWhenTheServerHintsAfterTheLastRetry() {
        // given
        TierAwareExponentialBackoff policy =
                TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withMaxRetries(2));

        // when
        BackoffDecision third = policy.decide(
                context(3, FREE, rateLimited(hint(Duration.ofSeconds(1), WaitSource.RETRY_AFTER)), Duration.ZERO));

        // then
        assertThat(policy.maxRetries()).isEqualTo(2);
        assertThat(third).isInstanceOf(BackoffDecision.GiveUp.class);
    }

    @Test
    void waitsRetryAfterInsteadOfTierBackoff() {
        // given
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.documented();
        RateLimitSignals signals = rateLimited(hint(Duration.ofSeconds(5), WaitSource.RETRY_AFTER));

        // when
        BackoffDecision decision = policy.decide(context(3, FREE, signals, Duration.ofSeconds(40)));

        // then
        assertThat(decision).isEqualTo(BackoffDecision.retryAfter(Duration.ofSeconds(5), WaitSource.RETRY_AFTER));
    }

    @Test
    void takesTheStrongestOfSeveralHints() {
        // given hints in precedence order, as the parser delivers them
        RateLimitSignals signals = rateLimited(
                hint(Duration.ofMillis(250), WaitSource.RETRY_AFTER_MS),
                hint(Duration.ofSeconds(1), WaitSource.RETRY_AFTER),
                hint(Duration.ofSeconds(1), WaitSource.BODY_HINT));

        // when
        BackoffDecision decision =
                TierAwareExponentialBackoff.documented().decide(context(1, FREE, signals, Duration.ZERO));

        // then
        assertThat(decision).isEqualTo(BackoffDecision.retryAfter(Duration.ofMillis(250), WaitSource.RETRY_AFTER_MS));
    }

    @Test
    void obeysAZeroSecondServerHint() {
        // when
        BackoffDecision decision = TierAwareExponentialBackoff.documented()
                .decide(context(1, FREE, rateLimited(hint(Duration.ZERO, WaitSource.RETRY_AFTER)), Duration.ZERO));

        // then
        assertThat(decision).isEqualTo(BackoffDecision.retryAfter(Duration.ZERO, WaitSource.RETRY_AFTER));
    }

    @Test
    void capsComputedWaitsButNotServerHints() {
        // given
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.withOptions(
                PolicyOptions.DEFAULTS.withMaxComputedWait(Duration.ofSeconds(100)));

        // when
        List<Duration> computed = new ArrayList<>();
        for (int retry = 1; retry <= 6; retry++) {
            computed.add(delayOf(policy.decide(context(retry, FREE, rateLimited(), Duration.ZERO))));
        }
        BackoffDecision hinted = policy.decide(
                context(1, FREE, rateLimited(hint(Duration.ofSeconds(300), WaitSource.RETRY_AFTER)), Duration.ZERO));

        // then
        assertThat(computed)
                .containsExactly(
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(80),
                        Duration.ofSeconds(100),
                        Duration.ofSeconds(100),
                        Duration.ofSeconds(100));
        assertThat(delayOf(hinted)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void growsByTheConfiguredFactor() {
        // given
        TierAwareExponentialBackoff policy =
                TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withFactor(3.0));

        // then
        assertThat(policy.computedWait(Duration.ofSeconds(20), 1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.computedWait(Duration.ofSeconds(20), 2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.computedWait(Duration.ofSeconds(20), 3)).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void saturatesInsteadOfOverflowingForFarRetries() {
        // given
        TierAwareExponentialBackoff policy =
                TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withMaxRetries(5_000));

        // then
        assertThat(policy.computedWait(Duration.ofSeconds(20), 64)).isEqualTo(Seconds.SATURATED);
        assertThat(policy.computedWait(Duration.ofSeconds(20), 5_000)).isEqualTo(Seconds.SATURATED);
        assertThat(policy.computedWait(Duration.ofDays(365_000), 1)).isEqualTo(Seconds.SATURATED);
        assertThat(delayOf(policy.decide(context(5_000, FREE, rateLimited(), Duration.ZERO))))
                .isEqualTo(Seconds.SATURATED);
    }

    @Test
    void rejectsARetryNumberBelowOne() {
        assertThatThrownBy(() -> TierAwareExponentialBackoff.documented().computedWait(Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-based");
    }

    @Test
    void drawsNoRandomNumberWhileJitterIsOff() {
        // given spreading asked for, but jitter off: the schedule must stay exact
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS
                .withJitter(Jitter.NONE, ScriptedRandom.forbidden())
                .withSpreadServerHints(true));

        // when
        BackoffDecision computed = policy.decide(context(2, FREE, rateLimited(), Duration.ofSeconds(20)));
        BackoffDecision hinted = policy.decide(context(
                2, FREE, rateLimited(hint(Duration.ofSeconds(7), WaitSource.RETRY_AFTER)), Duration.ofSeconds(20)));

        // then
        assertThat(delayOf(computed)).isEqualTo(Duration.ofSeconds(40));
        assertThat(delayOf(hinted)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void fullJitterScalesTheComputedWaitByTheRandomNumber() {
        // given
        TierAwareExponentialBackoff policy = jittered(Jitter.FULL, ScriptedRandom.of(0.5, 0.0, 0.999));

        // when
        Duration first = delayOf(policy.decide(context(2, FREE, rateLimited(), Duration.ZERO)));
        Duration second = delayOf(policy.decide(context(2, FREE, rateLimited(), Duration.ZERO)));
        Duration third = delayOf(policy.decide(context(2, FREE, rateLimited(), Duration.ZERO)));

        // then
        assertThat(first).isEqualTo(Duration.ofSeconds(20));
        assertThat(second).isEqualTo(Duration.ZERO);
        assertThat(third).isEqualTo(Duration.ofMillis(39_960));
    }

    @Test
    void equalJitterKeepsAtLeastHalfTheComputedWait() {
        // given
        TierAwareExponentialBackoff policy = jittered(Jitter.EQUAL, ScriptedRandom.of(0.0, 0.5));

        // when
        Duration low = delayOf(policy.decide(context(3, FREE, rateLimited(), Duration.ZERO)));
        Duration mid = delayOf(policy.decide(context(3, FREE, rateLimited(), Duration.ZERO)));

        // then
        assertThat(low).isEqualTo(Duration.ofSeconds(40));
        assertThat(mid).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void decorrelatedJitterDrawsBetweenBaseAndThreeTimesThePreviousWait() {
        // given
        TierAwareExponentialBackoff policy = jittered(Jitter.DECORRELATED, ScriptedRandom.of(0.0, 0.5));

        // when
        Duration first = delayOf(policy.decide(context(1, FREE, rateLimited(), Duration.ZERO)));
        Duration next = delayOf(policy.decide(context(2, FREE, rateLimited(), Duration.ofSeconds(40))));

        // then base 20 s; then 20 + (120 - 20) × 0.5
        assertThat(first).isEqualTo(Duration.ofSeconds(20));
        assertThat(next).isEqualTo(Duration.ofSeconds(70));
    }

    @Test
    void jitterStaysUnderTheCap() {
        // given
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS
                .withMaxComputedWait(Duration.ofSeconds(30))
                .withJitter(Jitter.DECORRELATED, ScriptedRandom.of(0.99)));

        // when
        Duration wait = delayOf(policy.decide(context(4, FREE, rateLimited(), Duration.ofSeconds(160))));

        // then
        assertThat(wait).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterNeverShortensAServerHint() {
        // given jitter on, spreading off
        TierAwareExponentialBackoff policy = jittered(Jitter.FULL, ScriptedRandom.forbidden());

        // when
        BackoffDecision decision = policy.decide(
                context(1, FREE, rateLimited(hint(Duration.ofSeconds(12), WaitSource.X_RETRY_AFTER)), Duration.ZERO));

        // then
        assertThat(decision).isEqualTo(BackoffDecision.retryAfter(Duration.ofSeconds(12), WaitSource.X_RETRY_AFTER));
    }

    @Test
    void spreadsServerHintsUpwardByAtMostOneBaseDelay() {
        // given
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS
                .withJitter(Jitter.FULL, ScriptedRandom.of(0.0, 0.25, 0.999_999))
                .withSpreadServerHints(true));
        RateLimitSignals signals = rateLimited(hint(Duration.ofSeconds(5), WaitSource.RETRY_AFTER));

        // when
        List<BackoffDecision> decisions = List.of(
                policy.decide(context(1, FREE, signals, Duration.ZERO)),
                policy.decide(context(1, FREE, signals, Duration.ZERO)),
                policy.decide(context(1, FREE, signals, Duration.ZERO)));

        // then never earlier than the server asked, never later than hint + base (20 s)
        assertThat(decisions)
                .extracting(BackoffDecision.Retry.class::cast)
                .extracting(BackoffDecision.Retry::delay)
                .containsExactly(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofMillis(24_999).plusNanos(980_000));
        assertThat(decisions)
                .extracting(BackoffDecision.Retry.class::cast)
                .extracting(BackoffDecision.Retry::source)
                .containsOnly(WaitSource.RETRY_AFTER);
    }

    @Test
    void aSeededRandomGivesARepeatableSchedule() {
        // given two policies with the same seed
        TierAwareExponentialBackoff one = jittered(
                Jitter.FULL, RandomGeneratorFactory.of("L64X128MixRandom").create(42));
        TierAwareExponentialBackoff two = jittered(
                Jitter.FULL, RandomGeneratorFactory.of("L64X128MixRandom").create(42));

        // when
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        for (int retry = 1; retry <= 6; retry++) {
            first.add(delayOf(one.decide(context(retry, FREE, rateLimited(), Duration.ZERO))));
            second.add(delayOf(two.decide(context(retry, FREE, rateLimited(), Duration.ZERO))));
        }

        // then
        assertThat(first).isEqualTo(second);
        assertThat(first)
                .isNotEqualTo(List.of(
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(80),
                        Duration.ofSeconds(160),
                        Duration.ofSeconds(320),
                        Duration.ofSeconds(640)));
    }

    @Test
    void isTheDefaultPolicyFoundThroughServiceLoader() {
        // when
        BackoffPolicies policies = BackoffPolicies.load();

        // then
        assertThat(policies.names()).contains(TierAwareExponentialBackoff.NAME);
        assertThat(policies.createDefault(PolicyOptions.DEFAULTS.withMaxRetries(3)))
                .isInstanceOfSatisfying(
                        TierAwareExponentialBackoff.class,
                        policy -> assertThat(policy.maxRetries()).isEqualTo(3));
        assertThat(policies.loadErrors()).isEmpty();
    }

    @Test
    void describesItselfByName() {
        assertThat(TierAwareExponentialBackoff.documented())
                .hasToString("tier-aware-exponential(maxRetries=6, factor=2.0, jitter=NONE)");
    }

    private static TierAwareExponentialBackoff jittered(Jitter jitter, java.util.random.RandomGenerator random) {
        return TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withJitter(jitter, random));
    }

    static RetryContext context(int retry, Tier tier, RateLimitSignals signals, Duration previousWait) {
        return new RetryContext(retry, tier, signals, Duration.ZERO, previousWait);
    }

    static Duration delayOf(BackoffDecision decision) {
        assertThat(decision).isInstanceOf(BackoffDecision.Retry.class);
        return ((BackoffDecision.Retry) decision).delay();
    }

    private static Duration seconds(String literal) {
        return Duration.ofNanos(new BigDecimal(literal).movePointRight(9).longValueExact());
    }
}
