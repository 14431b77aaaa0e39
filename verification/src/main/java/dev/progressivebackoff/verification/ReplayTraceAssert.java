package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link ReplayTrace}. Failure messages show durations in the documented
 * {@code 20.0s} form. Obtain one with {@link VerificationAssertions#assertThat(ReplayTrace)}.
 */
public final class ReplayTraceAssert extends AbstractAssert<ReplayTraceAssert, ReplayTrace> {

    /** Assertions on {@code actual}; prefer {@link VerificationAssertions#assertThat(ReplayTrace)}. */
    public ReplayTraceAssert(ReplayTrace actual) {
        super(actual, ReplayTraceAssert.class);
    }

    /** The call waited exactly these durations, in this order, and no others. */
    public ReplayTraceAssert waited(Duration... expected) {
        isNotNull();
        List<Duration> wanted = List.of(expected);
        if (!actual.waitDurations().equals(wanted)) {
            failWithMessage(
                    "%nExpected the replay to wait:%n  %s%nbut it waited:%n  %s%n(outcome: %s)",
                    format(wanted), format(actual.waitDurations()), actual.outcome());
        }
        return this;
    }

    /** The call waited exactly these numbers of seconds (rounded to the nanosecond), in this order. */
    public ReplayTraceAssert waitedSeconds(double... expectedSeconds) {
        return waited(
                Arrays.stream(expectedSeconds).mapToObj(Seconds::toDuration).toArray(Duration[]::new));
    }

    /** The call sent exactly {@code expected} requests. */
    public ReplayTraceAssert hadAttempts(int expected) {
        isNotNull();
        if (actual.attemptCount() != expected) {
            failWithMessage(
                    "%nExpected %s attempt(s) but the replay sent %s:%n  %s",
                    expected, actual.attemptCount(), actual.attempts());
        }
        return this;
    }

    /** The call got through. */
    public ReplayTraceAssert succeeded() {
        isNotNull();
        if (!actual.succeeded()) {
            failWithMessage("%nExpected the replayed call to succeed but it %s", actual.outcome());
        }
        return this;
    }

    /** The call gave up, whatever the reason. */
    public ReplayTraceAssert gaveUp() {
        isNotNull();
        if (actual.succeeded()) {
            failWithMessage("%nExpected the replayed call to give up but it %s", actual.outcome());
        }
        return this;
    }

    /** The call gave up with exactly this message. */
    public ReplayTraceAssert gaveUpWith(String expectedMessage) {
        gaveUp();
        String message = actual.failureMessage().orElseThrow();
        if (!Objects.equals(message, expectedMessage)) {
            failWithMessage(
                    "%nExpected the replayed call to give up with:%n  \"%s\"%nbut it gave up with:%n  \"%s\"",
                    expectedMessage, message);
        }
        return this;
    }

    /** The call gave up with an exception of this type. */
    public ReplayTraceAssert gaveUpWith(Class<? extends Throwable> expectedType) {
        gaveUp();
        Throwable exception = ((ReplayOutcome.GaveUp) actual.outcome()).exception();
        if (!expectedType.isInstance(exception)) {
            failWithMessage(
                    "%nExpected the replayed call to give up with %s but it %s",
                    expectedType.getSimpleName(), actual.outcome());
        }
        return this;
    }

    /** The waits add up to exactly {@code expected}. */
    public ReplayTraceAssert totalWait(Duration expected) {
        isNotNull();
        if (!actual.totalWait().equals(expected)) {
            failWithMessage(
                    "%nExpected the waits to add up to %s but they add up to %s:%n  %s",
                    Seconds.format(expected), Seconds.format(actual.totalWait()), format(actual.waitDurations()));
        }
        return this;
    }

    /** The waits add up to exactly this number of seconds (rounded to the nanosecond). */
    public ReplayTraceAssert totalWaitSeconds(double expectedSeconds) {
        return totalWait(Seconds.toDuration(expectedSeconds));
    }

    /** Every wait came from {@code expected} (and there was at least one wait). */
    public ReplayTraceAssert allWaitsFrom(WaitSource expected) {
        isNotNull();
        if (actual.waits().isEmpty()) {
            failWithMessage("%nExpected every wait to come from %s but the replay never waited", expected.wireName());
        }
        List<ReplayWait> others =
                actual.waits().stream().filter(w -> w.source() != expected).toList();
        if (!others.isEmpty()) {
            failWithMessage(
                    "%nExpected every wait to come from %s but these did not:%n  %s", expected.wireName(), others);
        }
        return this;
    }

    /** Simulated time passed while the call ran is exactly {@code expected}. */
    public ReplayTraceAssert tookVirtually(Duration expected) {
        isNotNull();
        if (!actual.virtualElapsed().equals(expected)) {
            failWithMessage(
                    "%nExpected the call to take %s of simulated time but it took %s",
                    Seconds.format(expected), Seconds.format(actual.virtualElapsed()));
        }
        return this;
    }

    /**
     * The call replayed the documented schedule exactly: its waits, all from the tier backoff, slept
     * through the simulated clock, adding up to the documented total; one request per retry plus the
     * first; and the documented final message.
     */
    public ReplayTraceAssert followsDocumentedSchedule(DocumentedSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        waited(schedule.waits().toArray(Duration[]::new));
        allWaitsFrom(WaitSource.TIER_BACKOFF);
        if (!actual.sleeps().equals(schedule.waits())) {
            failWithMessage(
                    "%nExpected the clock to sleep:%n  %s%nbut it slept:%n  %s",
                    format(schedule.waits()), format(actual.sleeps()));
        }
        totalWait(schedule.totalWait());
        tookVirtually(schedule.totalWait());
        hadAttempts(schedule.attempts());
        return gaveUpWith(schedule.finalMessage());
    }

    private static String format(List<Duration> durations) {
        return durations.stream().map(Seconds::format).collect(Collectors.joining(", ", "[", "]"));
    }
}
