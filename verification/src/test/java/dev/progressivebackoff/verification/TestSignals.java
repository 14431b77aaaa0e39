package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds {@link RateLimitSignals} by hand, independent of header parsing. */
final class TestSignals {

    private TestSignals() {
    }

    /** A retryable 429 whose server asked for {@code delay} through {@code source}. */
    static RateLimitSignals rateLimitedWithHint(Duration delay, WaitSource source, String raw) {
        return signals(429, ResponseKind.RATE_LIMITED, List.of(new ServerHint(delay, source, raw)), Optional.empty(),
                ErrorBody.EMPTY);
    }

    /** A response of {@code status} announcing {@code rpm} requests per minute. */
    static RateLimitSignals withRpm(int status, ResponseKind kind, long rpm) {
        return signals(status, kind, List.of(),
                Optional.of(new RequestQuota(rpm, Duration.ofMinutes(1), "x-ratelimit-limit-requests")),
                ErrorBody.EMPTY);
    }

    /** A response that must not be retried, with the server's message. */
    static RateLimitSignals fatal(int status, String reason, ErrorBody body) {
        return signals(status, ResponseKind.FATAL, List.of(), Optional.empty(), body, reason);
    }

    private static RateLimitSignals signals(int status, ResponseKind kind, List<ServerHint> hints,
                                            Optional<RequestQuota> quota, ErrorBody body) {
        return signals(status, kind, hints, quota, body, "HTTP " + status);
    }

    private static RateLimitSignals signals(int status, ResponseKind kind, List<ServerHint> hints,
                                            Optional<RequestQuota> quota, ErrorBody body, String reason) {
        return new RateLimitSignals(status, SimulatedClock.DEFAULT_START, hints, quota, OptionalLong.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), body,
                new Classification(kind, reason));
    }
}
