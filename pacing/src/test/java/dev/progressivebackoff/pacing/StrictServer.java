package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server model that enforces N requests per minute with no burst: a request less than 60/N s after the
 * last accepted one gets a 429 with {@code Retry-After} set to the time left. Thread-safe.
 */
final class StrictServer {

    /** One request as the server saw it. */
    record Hit(Duration at, int status, Duration retryAfter) {}

    private final TimeSource clock;
    private final long intervalNanos;
    private final boolean announcesRemaining;
    private final List<Hit> hits = new ArrayList<>();
    private Long lastAccepted;

    /**
     * @param announcesRemaining whether successes carry {@code remaining: 0} and the time to the next slot
     */
    StrictServer(TimeSource clock, int requestsPerMinute, boolean announcesRemaining) {
        this.clock = clock;
        this.intervalNanos = 60_000_000_000L / requestsPerMinute;
        this.announcesRemaining = announcesRemaining;
    }

    /** Handles one request now. */
    synchronized RateLimitSignals handle() {
        long now = clock.nanoTime();
        long wait = lastAccepted == null ? 0 : lastAccepted + intervalNanos - now;
        if (wait > 0) {
            Duration retryAfter = Duration.ofNanos(wait);
            hits.add(new Hit(Duration.ofNanos(now), 429, retryAfter));
            return new RateLimitSignals(
                    429,
                    clock.now(),
                    List.of(new ServerHint(retryAfter, WaitSource.RETRY_AFTER, String.valueOf(wait))),
                    Optional.empty(),
                    OptionalLong.of(0),
                    Optional.of(retryAfter),
                    Optional.empty(),
                    OptionalLong.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    ErrorBody.EMPTY,
                    new Classification(ResponseKind.RATE_LIMITED, "HTTP 429"));
        }
        lastAccepted = now;
        hits.add(new Hit(Duration.ofNanos(now), 200, Duration.ZERO));
        return new RateLimitSignals(
                200,
                clock.now(),
                List.of(),
                Optional.empty(),
                announcesRemaining ? OptionalLong.of(0) : OptionalLong.empty(),
                announcesRemaining ? Optional.of(Duration.ofNanos(intervalNanos)) : Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /** Every request so far, in arrival order. */
    synchronized List<Hit> hits() {
        return List.copyOf(hits);
    }

    /** How many got a 429. */
    synchronized long rateLimited() {
        return hits.stream().filter(hit -> hit.status() == 429).count();
    }
}
