package dev.progressivebackoff.core.signals;

import java.time.Duration;
import java.util.Objects;

/**
 * A request quota a response announced: {@code limit} requests per {@code window}.
 *
 * @param limit  requests allowed in the window, positive
 * @param window the window length (one minute for OpenAI/Anthropic/legacy headers, {@code w} for IETF)
 * @param header the header it came from, for explanations
 */
public record RequestQuota(long limit, Duration window, String header) {

    public RequestQuota {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(header, "header");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
    }

    /** The quota per minute, rounded to the nearest whole request and at least 1. */
    public int requestsPerMinute() {
        double perMinute = limit * 60_000_000_000d / window.toNanos();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(perMinute)));
    }
}
