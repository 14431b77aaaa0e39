package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** What the retry loop tells its listeners. Switch on the record type. */
public sealed interface RetryEvent {

    /**
     * A response revealed a tier different from the one in force.
     *
     * @param tier     the new tier
     * @param previous the tier before, if any was known
     * @param evidence the header that revealed it, e.g. {@code x-ratelimit-limit-requests: 3}
     */
    record TierDetected(Tier tier, Optional<Tier> previous, String evidence) implements RetryEvent {}

    /**
     * A retryable 429 arrived; the loop is about to wait {@code delay} and retry.
     *
     * @param retry      which retry comes next, 1-based
     * @param maxRetries how many the policy allows
     * @param delay      the wait about to start
     * @param source     where the wait came from
     * @param tier       the tier in force
     * @param signals    the 429's signals
     */
    record RateLimited(
            int retry, int maxRetries, Duration delay, WaitSource source, Tier tier, RateLimitSignals signals)
            implements RetryEvent {}

    /**
     * A request waited for its pacer before it was sent: the time the pacer spent spacing starts, capping
     * requests in flight or holding the key after a 429. Told once per send that waited (the client tells waits
     * of 1 ms or more: below that the time is the pacer's own bookkeeping), so that listeners see every wait: the
     * policy's in {@link RateLimited}, the pacer's here.
     *
     * @param waited how long the request waited for its permit
     * @param tier   the tier in force
     */
    record Paced(Duration waited, Tier tier) implements RetryEvent {}

    /**
     * The loop stopped without success.
     *
     * @param reason   why, e.g. "Max retries exceeded (after proper tier-aware backoff)"
     * @param attempts every attempt made (one the transport got no response to has status 0)
     * @param cause    why, as one of a few values (e.g. a metric's tag): the loop always names it
     * @param tier     the tier in force when it stopped (the loop always tells it), e.g. that of the 429 that ended
     *                 the call
     */
    record GaveUp(String reason, List<AttemptRecord> attempts, Cause cause, Optional<Tier> tier) implements RetryEvent {
        public GaveUp {
            attempts = List.copyOf(attempts);
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(tier, "tier");
        }

        /**
         * An event whose tier is not told.
         *
         * @param reason   why
         * @param attempts every attempt made
         * @param cause    why, as one of a few values
         */
        public GaveUp(String reason, List<AttemptRecord> attempts, Cause cause) {
            this(reason, attempts, cause, Optional.empty());
        }

        /**
         * An event whose cause is not named: {@link Cause#OTHER}.
         *
         * @param reason   why
         * @param attempts every attempt made
         */
        public GaveUp(String reason, List<AttemptRecord> attempts) {
            this(reason, attempts, Cause.OTHER);
        }

        /** Why the loop stopped, as a bounded value; {@link #wireName()} is stable. */
        public enum Cause {
            /** The policy allowed no further retry after a 429. */
            RETRIES_EXHAUSTED("retries-exhausted"),
            /** Waiting cannot help: a 4xx other than a retryable 429, a 5xx after transport retries, a quota. */
            NOT_RETRYABLE("not-retryable"),
            /** The server asked for a wait longer than the maximum server wait. */
            RATE_LIMITED_UNTIL("rate-limited-until"),
            /** The calling thread was interrupted. */
            INTERRUPTED("interrupted"),
            /** The caller cancelled an asynchronous call. */
            CANCELLED("cancelled"),
            /**
             * The transport got no response: I/O failures persisted through every transport retry, or the response
             * could not be read (a send failure the loop was {@linkplain
             * RateLimitRetryLoop.Builder#withTransportFailures told of}).
             */
            TRANSPORT_FAILURE("transport-failure"),
            /** Not named by whoever made the event. */
            OTHER("other");

            private final String wireName;

            Cause(String wireName) {
                this.wireName = wireName;
            }

            /** The stable lower-case name, e.g. {@code retries-exhausted}. */
            public String wireName() {
                return wireName;
            }
        }
    }

    /**
     * A client sent a request outside the rate-limit loop: its health check or its tier detection
     * ({@code GET /models}), with transport retries but no rate-limit retries. Told once the request ends, answered or
     * not (not when it was refused before anything was sent), so that listeners see every request sent.
     *
     * @param purpose  why the request was sent
     * @param attempts the requests the transport sent for it, its retries included (each retry is also told to the
     *                 transport's listeners)
     * @param status   the final status, empty when no response arrived
     */
    record Probed(Purpose purpose, int attempts, OptionalInt status) implements RetryEvent {
        public Probed {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(status, "status");
            if (attempts < 1) {
                throw new IllegalArgumentException("a probe sends at least one request: " + attempts);
            }
        }

        /** Why a request was sent outside the loop; {@link #wireName()} is stable. */
        public enum Purpose {
            /** A health check. */
            HEALTH_CHECK("health-check"),
            /** A tier detection. */
            TIER_DETECTION("tier-detection");

            private final String wireName;

            Purpose(String wireName) {
                this.wireName = wireName;
            }

            /** The stable lower-case name, e.g. {@code tier-detection}. */
            public String wireName() {
                return wireName;
            }
        }
    }

    /**
     * The call succeeded.
     *
     * @param attempts  how many sends it took
     * @param totalWait the time spent waiting on rate limits
     */
    record Succeeded(int attempts, Duration totalWait) implements RetryEvent {}
}
