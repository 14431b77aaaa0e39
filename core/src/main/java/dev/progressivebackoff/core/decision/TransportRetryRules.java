package dev.progressivebackoff.core.decision;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.internal.ResponseClassifier;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Which statuses the transport retries, how often and with what computed waits: retry n waits
 * base × 2^(n−1), capped at {@code maxWait}. 429 is never among them (the rate-limit loop owns it). A provider
 * that documents a 402 or 403 as retryable can be followed by adding it to {@code statuses}.
 *
 * @param maxRetries transport retries allowed (5: 6 attempts)
 * @param baseDelay  the first computed wait (2 s)
 * @param statuses   the statuses retried ({@link #DEFAULT_STATUSES})
 * @param maxWait    the cap on computed waits (120 s)
 */
public record TransportRetryRules(int maxRetries, Duration baseDelay, Set<Integer> statuses, Duration maxWait) {

    /** 408, 409, 500, 502, 503, 504 and 529: the statuses classified as transient. */
    public static final Set<Integer> DEFAULT_STATUSES = ResponseClassifier.TRANSIENT_STATUSES;

    /** 5 retries, a 2 s base, {@link #DEFAULT_STATUSES}, waits capped at 120 s. */
    public static final TransportRetryRules DEFAULTS =
            new TransportRetryRules(5, Duration.ofSeconds(2), DEFAULT_STATUSES, Duration.ofSeconds(120));

    public TransportRetryRules {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxWait, "maxWait");
        statuses = Set.copyOf(statuses);
        if (statuses.contains(429)) {
            throw new IllegalArgumentException("429 is handled by the rate-limit loop, never by transport retries");
        }
    }

    /** The computed wait before transport retry {@code retry} (1-based): base × 2^(retry−1), capped. */
    public Duration computedWait(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        double seconds = Seconds.of(baseDelay) * Math.pow(2, retry - 1);
        return Seconds.toDuration(Math.min(seconds, Seconds.of(maxWait)));
    }
}
