package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.RetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ScheduleReplay} observed. Check it with {@link VerificationAssertions#assertThat(ReplayTrace)}.
 *
 * @param tier           the tier in force when the call ended
 * @param waits          every wait the retry loop announced, in order
 * @param sleeps         every wait the simulated clock was asked for, in order (the same, if the loop
 *                       waits only through its {@code Sleeper})
 * @param attempts       every request sent: status, the wait after it and its source
 * @param events         everything the retry loop told its listeners, in order
 * @param outcome        success or the failure
 * @param virtualElapsed simulated time the call took
 * @param wallTime       real time the replay took
 */
public record ReplayTrace(
        Tier tier,
        List<ReplayWait> waits,
        List<Duration> sleeps,
        List<AttemptRecord> attempts,
        List<RetryEvent> events,
        ReplayOutcome outcome,
        Duration virtualElapsed,
        Duration wallTime) {

    public ReplayTrace {
        Objects.requireNonNull(tier, "tier");
        waits = List.copyOf(waits);
        sleeps = List.copyOf(sleeps);
        attempts = List.copyOf(attempts);
        events = List.copyOf(events);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(virtualElapsed, "virtualElapsed");
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** The lengths of the waits, in order. */
    public List<Duration> waitDurations() {
        return waits.stream().map(ReplayWait::delay).toList();
    }

    /** The sum of the waits. */
    public Duration totalWait() {
        return waits.stream().map(ReplayWait::delay).reduce(Duration.ZERO, Duration::plus);
    }

    /** How many requests were sent. */
    public int attemptCount() {
        return attempts.size();
    }

    /** True if the call got through. */
    public boolean succeeded() {
        return outcome.succeeded();
    }

    /** The failure's message, when the call gave up. */
    public Optional<String> failureMessage() {
        return outcome instanceof ReplayOutcome.GaveUp gaveUp ? Optional.of(gaveUp.message()) : Optional.empty();
    }
}
