package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Legacy {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}
 * (GitHub, many gateways). The limit is read as per minute. The reset's unit must be guessed from its
 * size: below 10^9 it is delta seconds, below 10^12 epoch seconds, from 10^12 on epoch milliseconds;
 * epoch values are measured from the response's {@code Date} (or now), a past reset giving 0. A
 * fraction is accepted. The reset is a hint only when the remaining count is 0.
 */
public final class LegacyRateLimitHeaders {

    /** The limit, per minute. */
    public static final String LIMIT = "x-ratelimit-limit";
    /** The remaining count. */
    public static final String REMAINING = "x-ratelimit-remaining";
    /** Delta seconds, epoch seconds or epoch milliseconds. */
    public static final String RESET = "x-ratelimit-reset";

    private static final BigDecimal EPOCH_SECONDS_FROM = new BigDecimal("1e9");
    private static final BigDecimal EPOCH_MILLIS_FROM = new BigDecimal("1e12");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private LegacyRateLimitHeaders() {}

    /** The figures these headers announce. */
    public static QuotaFigures figures(ResponseHeaders headers, Instant measuredAt) {
        return QuotaFigures.ofRequests(
                RepeatedHeaders.largestValue(headers, LIMIT, Decimals::parsePositiveCount)
                        .map(limit -> new RequestQuota(limit, MINUTE, LIMIT)),
                QuotaFigures.toOptionalLong(RepeatedHeaders.largestValue(headers, REMAINING, Decimals::parseCount)),
                RepeatedHeaders.largestValue(headers, RESET, value -> parseReset(value, measuredAt)));
    }

    /** The reset as a hint, when the remaining count is 0. */
    public static Optional<ServerHint> hint(ResponseHeaders headers, Instant measuredAt) {
        if (!RepeatedHeaders.isZero(headers, REMAINING)) {
            return Optional.empty();
        }
        return RepeatedHeaders.largest(headers, RESET, value -> parseReset(value, measuredAt))
                .map(found -> new ServerHint(found.value(), WaitSource.X_RATELIMIT_RESET, found.raw()));
    }

    /** A reset value as a wait from {@code measuredAt}, guessing its unit from its size. */
    public static Optional<Duration> parseReset(String value, Instant measuredAt) {
        return Decimals.parse(value).map(number -> {
            if (number.compareTo(EPOCH_SECONDS_FROM) < 0) {
                return Decimals.toDuration(number);
            }
            BigDecimal epochSeconds = number.compareTo(EPOCH_MILLIS_FROM) < 0 ? number : number.movePointLeft(3);
            return Waits.untilEpochSeconds(epochSeconds, measuredAt);
        });
    }
}
