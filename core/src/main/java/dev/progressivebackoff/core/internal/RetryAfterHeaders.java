package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The explicit wait headers: {@code retry-after-ms} (milliseconds), RFC 9110 {@code Retry-After}
 * (delay-seconds, or an HTTP-date measured from the response's {@code Date} when valid, else now; a
 * past date gives 0) and {@code x-retry-after} (seconds). A repeated header takes its longest valid wait.
 */
public final class RetryAfterHeaders {

    private RetryAfterHeaders() {}

    /** {@code retry-after-ms} as a hint. */
    public static Optional<ServerHint> retryAfterMs(ResponseHeaders headers) {
        return RepeatedHeaders.largest(headers, SignalParser.RETRY_AFTER_MS, DelaySeconds::parseMillis)
                .map(found -> new ServerHint(found.value(), WaitSource.RETRY_AFTER_MS, found.raw()));
    }

    /**
     * {@code Retry-After} as a hint.
     *
     * @param measuredAt what an HTTP-date is measured from (the valid {@code Date} header, else now)
     * @param now        the time source's now, for the RFC 850 two-digit-year rule
     */
    public static Optional<ServerHint> retryAfter(ResponseHeaders headers, Instant measuredAt, Instant now) {
        return RepeatedHeaders.largest(
                        headers, SignalParser.RETRY_AFTER, value -> parseRetryAfter(value, measuredAt, now))
                .map(found -> new ServerHint(found.value(), WaitSource.RETRY_AFTER, found.raw()));
    }

    /** {@code x-retry-after} as a hint. */
    public static Optional<ServerHint> xRetryAfter(ResponseHeaders headers) {
        return RepeatedHeaders.largest(headers, SignalParser.X_RETRY_AFTER, DelaySeconds::parseSeconds)
                .map(found -> new ServerHint(found.value(), WaitSource.X_RETRY_AFTER, found.raw()));
    }

    /** One {@code Retry-After} value as a wait: delay-seconds, else an HTTP-date. */
    public static Optional<Duration> parseRetryAfter(String value, Instant measuredAt, Instant now) {
        return DelaySeconds.parseSeconds(value)
                .or(() -> HttpDates.parse(value, now).map(date -> Waits.until(date, measuredAt)));
    }
}
