package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds {@link RateLimitSignals} for tests without going through header parsing. */
final class Signals {

    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

    private Signals() {}

    /** A 200 saying {@code remaining} requests are left until the window resets in {@code reset}. */
    static RateLimitSignals requestsLeft(long remaining, Duration reset) {
        return new RateLimitSignals(
                200,
                AT,
                List.of(),
                Optional.empty(),
                OptionalLong.of(remaining),
                Optional.ofNullable(reset),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /** A 200 announcing {@code limit} requests a minute, {@code remaining} left until the reset in {@code reset}. */
    static RateLimitSignals requestsLeftOf(long limit, long remaining, Duration reset) {
        return new RateLimitSignals(
                200,
                AT,
                List.of(),
                Optional.of(new RequestQuota(limit, Duration.ofMinutes(1), "x-ratelimit-limit-requests")),
                OptionalLong.of(remaining),
                Optional.of(reset),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /**
     * A 200 announcing {@code limit} requests per {@code window} (from {@code header}), {@code remaining} left
     * until the reset in {@code reset}.
     */
    static RateLimitSignals window(long limit, Duration window, String header, long remaining, Duration reset) {
        return new RateLimitSignals(
                200,
                AT,
                List.of(),
                Optional.of(new RequestQuota(limit, window, header)),
                OptionalLong.of(remaining),
                Optional.of(reset),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /** A 200 saying {@code remaining} tokens are left until the token window resets in {@code reset}. */
    static RateLimitSignals tokensLeft(long remaining, Duration reset) {
        return new RateLimitSignals(
                200,
                AT,
                List.of(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.of(remaining),
                Optional.of(reset),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /** A retryable 429 without rate-limit headers. */
    static RateLimitSignals rateLimited() {
        return new RateLimitSignals(
                429,
                AT,
                List.of(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.RATE_LIMITED, "HTTP 429"));
    }

    /** A 200 without rate-limit headers. */
    static RateLimitSignals silent() {
        return new RateLimitSignals(
                200,
                AT,
                List.of(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }
}
