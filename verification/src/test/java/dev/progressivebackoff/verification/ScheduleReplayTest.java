package dev.progressivebackoff.verification;

import static dev.progressivebackoff.verification.VerificationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.backoff.HeaderTierDetector;
import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.retry.TierTracker;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleReplayTest {

    private static final TierCatalog MOONSHOT = TierCatalog.moonshot();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.progressivebackoff.verification.DocumentedSchedule#all")
    void replaysEveryDocumentedTierExactly(DocumentedSchedule schedule) {
        // when
        ReplayTrace trace = ScheduleReplay.documented(schedule).run();

        // then
        assertThat(trace)
                .followsDocumentedSchedule(schedule)
                .waited(schedule.waits().toArray(Duration[]::new))
                .totalWait(schedule.totalWait())
                .hadAttempts(7)
                .gaveUpWith("Max retries exceeded (after proper tier-aware backoff)")
                .gaveUpWith(RetriesExhaustedException.class);
        assertThat(trace.attempts()).extracting(AttemptRecord::status).containsOnly(429);
        assertThat(trace.tier().name()).isEqualTo(schedule.tier());
    }

    @Test
    void replaysTheFreeTierLiterally() {
        // when
        ReplayTrace trace =
                ScheduleReplay.documented(DocumentedSchedule.forTier("free")).run();

        // then
        assertThat(trace)
                .waitedSeconds(20, 40, 80, 160, 320, 640)
                .totalWaitSeconds(1_260)
                .tookVirtually(Duration.ofMinutes(21))
                .hadAttempts(7)
                .allWaitsFrom(WaitSource.TIER_BACKOFF)
                .gaveUpWith(RetriesExhaustedException.MESSAGE);
        assertThat(trace.wallTime()).isLessThan(trace.virtualElapsed());
    }

    @Test
    void theDefaultPolicyFromTheRegistryReplaysTheDocumentedSchedule() {
        // given the policy production picks by default
        DocumentedSchedule tier1 = DocumentedSchedule.forTier("tier1");

        // when
        ReplayTrace trace = ScheduleReplay.builder()
                .withPolicy(BackoffPolicies.load().createDefault(PolicyOptions.DEFAULTS))
                .withTier(MOONSHOT.require("tier1"))
                .build()
                .run();

        // then
        assertThat(trace).followsDocumentedSchedule(tier1);
    }

    @Test
    void catchesAPolicyThatDepartsFromTheDocumentedSchedule() {
        // given a policy growing by 3 instead of 2 (no computed wait exceeds 900 s: issue 14)
        ScheduleReplay replay = ScheduleReplay.builder()
                .withPolicy(TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withFactor(3.0)))
                .withTier(MOONSHOT.require("free"))
                .build();

        // when
        ReplayTrace trace = replay.run();

        // then
        assertThatThrownBy(() -> assertThat(trace).followsDocumentedSchedule(DocumentedSchedule.forTier("free")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[20.0s, 60.0s, 180.0s, 540.0s, 900.0s, 900.0s]");
    }

    @Test
    void waitsRetryAfterInsteadOfTheTierBackoffThenSucceeds() {
        // given a 429 asking for 5 s, then a 200
        ScheduleReplay replay = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .withResponses(
                        ScriptedResponse.of(
                                Signals.rateLimited(Signals.hint(Duration.ofSeconds(5), WaitSource.RETRY_AFTER, "5"))),
                        ScriptedResponse.ok())
                .build();

        // when
        ReplayTrace trace = replay.run();

        // then
        assertThat(trace)
                .waitedSeconds(5)
                .allWaitsFrom(WaitSource.RETRY_AFTER)
                .hadAttempts(2)
                .succeeded();
        assertThat(trace.attempts())
                .containsExactly(
                        new AttemptRecord(1, 429, Duration.ofSeconds(5), WaitSource.RETRY_AFTER),
                        new AttemptRecord(2, 200, Duration.ZERO, WaitSource.NONE));
        assertThat(trace.outcome()).isEqualTo(new ReplayOutcome.Succeeded(200));
    }

    @Test
    void followsTheTierScheduleUntilTheServerLetsTheCallThrough() {
        // when
        ReplayTrace trace = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("tier1"))
                .withResponses(ScriptedResponse.rateLimited(), ScriptedResponse.rateLimited(), ScriptedResponse.ok())
                .build()
                .run();

        // then
        assertThat(trace).waitedSeconds(0.3, 0.6).hadAttempts(3).succeeded().tookVirtually(Duration.ofMillis(900));
    }

    @Test
    void givesUpAtOnceOnANonRetryableAnswerWithTheServersMessage() {
        // given
        ErrorBody quota = new ErrorBody(
                "insufficient_quota",
                "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details.");

        // when
        ReplayTrace trace = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .withResponses(ScriptedResponse.of(Signals.fatal(429, "insufficient_quota", quota)))
                .build()
                .run();

        // then
        assertThat(trace).waited().hadAttempts(1).gaveUpWith(NotRetryableException.class);
        assertThat(trace.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains(quota.message()));
        assertThat(trace.virtualElapsed()).isZero();
    }

    @Test
    void refusesAServerWaitBeyondTheMaximum() {
        // when
        ReplayTrace trace = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .withMaxServerWait(Duration.ofSeconds(60))
                .withResponses(ScriptedResponse.of(
                        Signals.rateLimited(Signals.hint(Duration.ofHours(2), WaitSource.RETRY_AFTER, "7200"))))
                .build()
                .run();

        // then
        assertThat(trace).waited().hadAttempts(1).gaveUpWith(RateLimitedUntilException.class);
        RateLimitedUntilException until =
                (RateLimitedUntilException) ((ReplayOutcome.GaveUp) trace.outcome()).exception();
        assertThat(until.until()).isEqualTo(SimulatedClock.DEFAULT_START.plusSeconds(7_200));
    }

    @Test
    void detectsTheTierPassivelyFromTheResponsesAndWaitsByIt() {
        // given a tracker that believes tier1 and a server announcing 3 RPM
        ScheduleReplay replay = ScheduleReplay.builder()
                .withTierTracker(
                        () -> TierTracker.detecting(MOONSHOT.require("tier1"), new HeaderTierDetector(), MOONSHOT))
                .withResponses(ScriptedResponse.of(Signals.rateLimitedWithRpm(3)))
                .build();

        // when
        ReplayTrace trace = replay.run();

        // then
        assertThat(trace).followsDocumentedSchedule(DocumentedSchedule.forTier("free"));
        assertThat(trace.events().get(0))
                .isInstanceOfSatisfying(
                        RetryEvent.TierDetected.class,
                        detected -> assertThat(detected.tier().describe()).isEqualTo("free (RPM: 3, delay: 20.0s)"));
        assertThat(trace.events())
                .filteredOn(RetryEvent.TierDetected.class::isInstance)
                .hasSize(1);
        assertThat(trace.tier().name()).isEqualTo("free");
    }

    @Test
    void keepsJitteredWaitsWithinTheDocumentedScheduleAndRepeatableWithASeed() {
        // given
        DocumentedSchedule free = DocumentedSchedule.forTier("free");

        // when
        ReplayTrace first = jitteredReplay(7).run();
        ReplayTrace second = jitteredReplay(7).run();

        // then
        assertThat(first)
                .hadAttempts(7)
                .allWaitsFrom(WaitSource.TIER_BACKOFF)
                .gaveUpWith(RetriesExhaustedException.MESSAGE);
        for (int i = 0; i < free.retries(); i++) {
            assertThat(first.waitDurations().get(i))
                    .isBetween(Duration.ZERO, free.waits().get(i));
        }
        assertThat(first.waitDurations()).isEqualTo(second.waitDurations()).isNotEqualTo(free.waits());
    }

    @Test
    void eachRunStartsTheScriptAfreshAndGivesTheSameTrace() {
        // given
        ScheduleReplay replay = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("tier2"))
                .withResponses(ScriptedResponse.rateLimited(), ScriptedResponse.ok())
                .build();

        // when
        ReplayTrace first = replay.run();
        ReplayTrace second = replay.run();

        // then
        assertThat(second.waits()).isEqualTo(first.waits());
        assertThat(second.attempts()).isEqualTo(first.attempts());
        assertThat(second).succeeded().waitedSeconds(0.12);
    }

    @Test
    void aThrowingListenerChangesNothingInTheTraceAndIsReportedWhileTheNextStillHears() {
        // given the same replay with and without a listener that throws
        List<RetryEvent> reported = new ArrayList<>();
        List<RetryEvent> heard = new ArrayList<>();
        RetryListenerStub failing = new RetryListenerStub();
        ScheduleReplay.Builder replay = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("tier1"))
                .withResponses(ScriptedResponse.rateLimited(), ScriptedResponse.rateLimited(), ScriptedResponse.ok());
        ReplayTrace without = replay.build().run();

        // when
        ReplayTrace with = replay.onEvent(failing)
                .onEvent(heard::add)
                .onListenerError((listener, event, failure) -> {
                    assertThat(listener).isSameAs(failing);
                    reported.add(event);
                })
                .build()
                .run();

        // then
        assertThat(with.outcome()).isEqualTo(without.outcome());
        assertThat(with.attempts()).isEqualTo(without.attempts());
        assertThat(with.sleeps()).isEqualTo(without.sleeps());
        assertThat(with.events())
                .isEqualTo(without.events())
                .isEqualTo(heard)
                .isEqualTo(reported)
                .hasSize(3);
    }

    /** A listener that always throws. */
    private static final class RetryListenerStub implements RetryListener {
        @Override
        public void onEvent(RetryEvent event) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void measuresOnlyItsOwnRunOnASharedClock() {
        // given
        SimulatedClock clock = new SimulatedClock();
        clock.advance(Duration.ofHours(1));
        ScheduleReplay replay = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .withClock(clock)
                .withResponses(ScriptedResponse.rateLimited(), ScriptedResponse.ok())
                .build();

        // when
        replay.run();
        ReplayTrace second = replay.run();

        // then
        assertThat(second).tookVirtually(Duration.ofSeconds(20)).waitedSeconds(20);
        assertThat(second.sleeps()).containsExactly(Duration.ofSeconds(20));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3_640));
    }

    @Test
    void recordsTheSameAttemptsTheRetryLoopReports() {
        // when
        ReplayTrace trace =
                ScheduleReplay.documented(DocumentedSchedule.forTier("tier3")).run();

        // then
        RetriesExhaustedException exhausted =
                (RetriesExhaustedException) ((ReplayOutcome.GaveUp) trace.outcome()).exception();
        assertThat(trace.attempts()).isEqualTo(exhausted.attempts());
    }

    @Test
    void letsAListenerRenderTheDocumentedLogLines() {
        // given
        List<String> lines = new ArrayList<>();
        ScheduleReplay replay = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .onEvent(event -> {
                    if (event instanceof RetryEvent.RateLimited limited) {
                        lines.add("Rate limited (429), waiting " + Seconds.format(limited.delay())
                                + " before retry " + limited.retry() + "/" + limited.maxRetries()
                                + " (tier: " + limited.tier().name() + ", base: "
                                + Seconds.format(limited.tier().baseDelay()) + ")");
                    }
                })
                .build();

        // when
        replay.run();

        // then the documented log, line for line
        assertThat(lines)
                .containsExactly(
                        "Rate limited (429), waiting 20.0s before retry 1/6 (tier: free, base: 20.0s)",
                        "Rate limited (429), waiting 40.0s before retry 2/6 (tier: free, base: 20.0s)",
                        "Rate limited (429), waiting 80.0s before retry 3/6 (tier: free, base: 20.0s)",
                        "Rate limited (429), waiting 160.0s before retry 4/6 (tier: free, base: 20.0s)",
                        "Rate limited (429), waiting 320.0s before retry 5/6 (tier: free, base: 20.0s)",
                        "Rate limited (429), waiting 640.0s before retry 6/6 (tier: free, base: 20.0s)");
    }

    @Test
    void endsPromptlyWithTheFlagSetWhenInterruptedBeforeAWait() {
        // given a listener that interrupts the thread as the second wait is announced
        ScheduleReplay replay = ScheduleReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .onEvent(event -> {
                    if (event instanceof RetryEvent.RateLimited limited && limited.retry() == 2) {
                        Thread.currentThread().interrupt();
                    }
                })
                .build();

        // when
        ReplayTrace trace;
        boolean interruptedAfterwards;
        try {
            trace = replay.run();
        } finally {
            interruptedAfterwards = Thread.interrupted();
        }

        // then the simulated sleep honoured the interrupt: one wait slept, the second never started
        assertThat(interruptedAfterwards).isTrue();
        assertThat(trace).gaveUpWith(RetryInterruptedException.class).hadAttempts(2);
        assertThat(trace.sleeps()).containsExactly(Duration.ofSeconds(20));
        assertThat(trace.virtualElapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    private static ScheduleReplay jitteredReplay(long seed) {
        return ScheduleReplay.builder()
                .withPolicy(TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withJitter(
                        Jitter.FULL,
                        RandomGeneratorFactory.of("L64X128MixRandom").create(seed))))
                .withTier(MOONSHOT.require("free"))
                .build();
    }
}
