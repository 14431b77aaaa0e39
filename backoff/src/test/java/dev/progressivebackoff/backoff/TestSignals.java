package dev.progressivebackoff.backoff;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds {@link RateLimitSignals} directly, independent of header parsing. */
final class TestSignals {

    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private TestSignals() {
    }

    /** A plain retryable 429: no hints, no quota. */
    static RateLimitSignals rateLimited() {
        return signals(429, ResponseKind.RATE_LIMITED, List.of(), Optional.empty());
    }

    /** A retryable 429 carrying these hints, strongest first. */
    static RateLimitSignals rateLimited(ServerHint... hints) {
        return signals(429, ResponseKind.RATE_LIMITED, Arrays.asList(hints), Optional.empty());
    }

    /** A hint of {@code delay} from {@code source}. */
    static ServerHint hint(Duration delay, WaitSource source) {
        return new ServerHint(delay, source, delay.toString());
    }

    /** A 200 announcing {@code limit} requests per {@code window}. */
    static RateLimitSignals okWithQuota(long limit, Duration window, String header) {
        return signals(200, ResponseKind.SUCCESS, List.of(), Optional.of(new RequestQuota(limit, window, header)));
    }

    /** A 200 announcing {@code limit} requests per minute in {@code x-ratelimit-limit-requests}. */
    static RateLimitSignals okWithRpm(long limit) {
        return okWithQuota(limit, Duration.ofMinutes(1), "x-ratelimit-limit-requests");
    }

    /** A 200 without any quota header. */
    static RateLimitSignals ok() {
        return signals(200, ResponseKind.SUCCESS, List.of(), Optional.empty());
    }

    private static RateLimitSignals signals(int status, ResponseKind kind, List<ServerHint> hints,
                                            Optional<RequestQuota> quota) {
        return new RateLimitSignals(status, NOW, hints, quota, OptionalLong.empty(), Optional.empty(),
                Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), ErrorBody.EMPTY,
                new Classification(kind, "HTTP " + status));
    }
}
