package dev.progressivebackoff.core.decision;

import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The {@link WaitDecider}'s answer: retry after a wait, by whom and why, or give up and why. */
public sealed interface WaitDecision {

    /** Why, in one sentence. */
    String reason();

    /**
     * Wait, then send again.
     *
     * @param delay  how long: never below {@link WaitDecider#FLOOR}, never above the maximum server wait
     * @param source where the wait came from: a server hint or one of the toolkit's schedules
     * @param by     who retries
     * @param reason why
     */
    record Retry(Duration delay, WaitSource source, Retrier by, String reason) implements WaitDecision {
        public Retry {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Do not retry.
     *
     * @param kind      why, as a kind
     * @param reason    why, in words
     * @param until     for {@link GiveUpKind#UNAVAILABLE_UNTIL}: when the server will accept requests again
     * @param requested for {@link GiveUpKind#UNAVAILABLE_UNTIL}: the wait the server asked for
     * @param source    the field that asked for that wait, else {@link WaitSource#NONE}
     */
    record GiveUp(
            GiveUpKind kind, String reason, Optional<Instant> until, Optional<Duration> requested, WaitSource source)
            implements WaitDecision {
        public GiveUp {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(requested, "requested");
            Objects.requireNonNull(source, "source");
        }

        /** A give-up with no instant attached. */
        public static GiveUp of(GiveUpKind kind, String reason) {
            return new GiveUp(kind, reason, Optional.empty(), Optional.empty(), WaitSource.NONE);
        }

        /** The server will not accept requests before {@code until}. */
        public static GiveUp until(String reason, Instant until, Duration requested, WaitSource source) {
            return new GiveUp(GiveUpKind.UNAVAILABLE_UNTIL, reason, Optional.of(until), Optional.of(requested), source);
        }
    }
}
