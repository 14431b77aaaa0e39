package dev.progressivebackoff.core.retry;

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

/**
 * Builds {@link RateLimitSignals} directly, independent of header parsing. The other modules' tests use
 * test-support's {@code Signals}; core cannot, since test-support depends on core (a Maven cycle).
 */
final class TestSignals {

    private TestSignals() {}

    static RateLimitSignals ok() {
        return of(200, ResponseKind.SUCCESS, "OK", List.of(), Optional.empty(), ErrorBody.EMPTY);
    }

    static RateLimitSignals rateLimited() {
        return of(429, ResponseKind.RATE_LIMITED, "rate limited", List.of(), Optional.empty(), ErrorBody.EMPTY);
    }

    static RateLimitSignals rateLimitedWithHint(Duration delay, WaitSource source) {
        return of(
                429,
                ResponseKind.RATE_LIMITED,
                "rate limited",
                List.of(new ServerHint(delay, source, delay.toString())),
                Optional.empty(),
                ErrorBody.EMPTY);
    }

    static RateLimitSignals withRpm(RateLimitSignals signals, long rpm) {
        return new RateLimitSignals(
                signals.status(),
                signals.measuredAt(),
                signals.hints(),
                Optional.of(new RequestQuota(rpm, Duration.ofMinutes(1), "x-ratelimit-limit-requests")),
                signals.remainingRequests(),
                signals.resetRequests(),
                signals.tokenQuota(),
                signals.remainingTokens(),
                signals.resetTokens(),
                signals.shouldRetry(),
                signals.errorBody(),
                signals.classification());
    }

    static RateLimitSignals of(int status, ResponseKind kind, String reason, ErrorBody body) {
        return of(status, kind, reason, List.of(), Optional.empty(), body);
    }

    private static RateLimitSignals of(
            int status,
            ResponseKind kind,
            String reason,
            List<ServerHint> hints,
            Optional<RequestQuota> quota,
            ErrorBody body) {
        return new RateLimitSignals(
                status,
                FakeTime.START,
                hints,
                quota,
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                body,
                new Classification(kind, reason));
    }
}
