package dev.progressivebackoff.verification;

import static dev.progressivebackoff.verification.VerificationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTraceAssertTest {

    private static final Tier FREE = Tier.of("free", 3, 1);

    /** 429, 429 (Retry-After 5), 200: waits 20 s then 5 s. */
    private final ReplayTrace succeeded = new ReplayTrace(
            FREE,
            List.of(
                    new ReplayWait(1, Duration.ofSeconds(20), WaitSource.TIER_BACKOFF),
                    new ReplayWait(2, Duration.ofSeconds(5), WaitSource.RETRY_AFTER)),
            List.of(Duration.ofSeconds(20), Duration.ofSeconds(5)),
            List.of(
                    new AttemptRecord(1, 429, Duration.ofSeconds(20), WaitSource.TIER_BACKOFF),
                    new AttemptRecord(2, 429, Duration.ofSeconds(5), WaitSource.RETRY_AFTER),
                    new AttemptRecord(3, 200, Duration.ZERO, WaitSource.NONE)),
            List.of(),
            new ReplayOutcome.Succeeded(200),
            Duration.ofSeconds(25),
            Duration.ofMillis(3));

    private final ReplayTrace gaveUp = new ReplayTrace(
            FREE,
            List.of(),
            List.of(),
            List.of(new AttemptRecord(1, 429, Duration.ZERO, WaitSource.NONE)),
            List.of(),
            new ReplayOutcome.GaveUp(
                    RetriesExhaustedException.MESSAGE,
                    new RetriesExhaustedException(RetriesExhaustedException.MESSAGE, List.of())),
            Duration.ZERO,
            Duration.ofMillis(1));

    @Test
    void passesWhenTheTraceMatches() {
        assertThat(succeeded)
                .waited(Duration.ofSeconds(20), Duration.ofSeconds(5))
                .waitedSeconds(20, 5)
                .hadAttempts(3)
                .succeeded()
                .totalWait(Duration.ofSeconds(25))
                .totalWaitSeconds(25)
                .tookVirtually(Duration.ofSeconds(25));
        assertThat(gaveUp)
                .waited()
                .gaveUp()
                .gaveUpWith(RetriesExhaustedException.MESSAGE)
                .gaveUpWith(RetriesExhaustedException.class);
    }

    @Test
    void showsBothScheduleInTheDocumentedFormWhenTheWaitsDiffer() {
        assertThatThrownBy(() -> assertThat(succeeded).waitedSeconds(20, 40))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[20.0s, 40.0s]")
                .hasMessageContaining("[20.0s, 5.0s]");
    }

    @Test
    void failsOnAnotherAttemptCount() {
        assertThatThrownBy(() -> assertThat(succeeded).hadAttempts(7))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected 7 attempt(s) but the replay sent 3");
    }

    @Test
    void failsWhenTheOutcomeIsTheOtherOne() {
        assertThatThrownBy(() -> assertThat(gaveUp).succeeded())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gave up (RetriesExhaustedException): Max retries exceeded");
        assertThatThrownBy(() -> assertThat(succeeded).gaveUp())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("succeeded with HTTP 200");
    }

    @Test
    void failsOnAnotherFailureMessageOrType() {
        assertThatThrownBy(() -> assertThat(gaveUp).gaveUpWith("quota exhausted"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"quota exhausted\"")
                .hasMessageContaining("\"Max retries exceeded (after proper tier-aware backoff)\"");
        assertThatThrownBy(() -> assertThat(gaveUp).gaveUpWith(NotRetryableException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("NotRetryableException");
    }

    @Test
    void failsOnAnotherTotal() {
        assertThatThrownBy(() -> assertThat(succeeded).totalWaitSeconds(1_260))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("add up to 1260.0s but they add up to 25.0s");
    }

    @Test
    void failsWhenAWaitCameFromElsewhere() {
        assertThatThrownBy(() -> assertThat(succeeded).allWaitsFrom(WaitSource.TIER_BACKOFF))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("5.0s before retry 2 (retry-after)");
        assertThatThrownBy(() -> assertThat(gaveUp).allWaitsFrom(WaitSource.TIER_BACKOFF))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("never waited");
    }

    @Test
    void failsOnAnotherVirtualDuration() {
        assertThatThrownBy(() -> assertThat(succeeded).tookVirtually(Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("took 25.0s");
    }

    @Test
    void rejectsATraceThatDoesNotFollowTheDocumentedSchedule() {
        assertThatThrownBy(() -> assertThat(succeeded).followsDocumentedSchedule(DocumentedSchedule.forTier("free")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[20.0s, 40.0s, 80.0s, 160.0s, 320.0s, 640.0s]");
    }

    @Test
    void rejectsATraceWhoseClockSleptOtherwiseThanTheLoopAnnounced() {
        // given waits as documented, but the clock never slept
        DocumentedSchedule tier5 = DocumentedSchedule.forTier("tier5");
        List<ReplayWait> waits = new java.util.ArrayList<>();
        for (int i = 0; i < tier5.waits().size(); i++) {
            waits.add(new ReplayWait(i + 1, tier5.waits().get(i), WaitSource.TIER_BACKOFF));
        }
        ReplayTrace notSlept = new ReplayTrace(
                FREE, waits, List.of(), List.of(), List.of(), gaveUp.outcome(), Duration.ZERO, Duration.ZERO);

        // then
        assertThatThrownBy(() -> assertThat(notSlept).followsDocumentedSchedule(tier5))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the clock to sleep");
    }

    @Test
    void failsOnANullTrace() {
        assertThatThrownBy(() -> assertThat((ReplayTrace) null).succeeded()).isInstanceOf(AssertionError.class);
    }
}
