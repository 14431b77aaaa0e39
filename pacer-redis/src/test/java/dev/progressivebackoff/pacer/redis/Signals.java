package dev.progressivebackoff.pacer.redis;

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

    private Signals() {
    }

    /** A 200 saying {@code remaining} requests are left until the window resets in {@code reset}. */
    static RateLimitSignals requestsLeft(long remaining, Duration reset) {
        return new RateLimitSignals(200, AT, List.of(), Optional.empty(), OptionalLong.of(remaining),
                Optional.ofNullable(reset), Optional.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), ErrorBody.EMPTY, new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /**
     * A 200 announcing a quota of {@code limit} requests per {@code window}, {@code remaining} of them left
     * until the window resets in {@code reset}.
     */
    static RateLimitSignals quota(long limit, Duration window, long remaining, Duration reset) {
        return new RateLimitSignals(200, AT, List.of(), Optional.of(new RequestQuota(limit, window, "RateLimit-Policy")),
                OptionalLong.of(remaining), Optional.ofNullable(reset), Optional.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), ErrorBody.EMPTY, new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    /** A 200 without rate-limit headers. */
    static RateLimitSignals silent() {
        return new RateLimitSignals(200, AT, List.of(), Optional.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }
}
