package dev.progressivebackoff.backoff.pacing;

import dev.progressivebackoff.core.signals.RateLimitSignals;

/**
 * The rules by which a pacer reads a response's {@code remaining}/{@code reset} requests, shared by every
 * {@link Pacer} implementation (the local one and the Redis one) so that they slow down alike.
 */
public final class WindowRules {

    private WindowRules() {
    }

    /**
     * True when at most a tenth of the announced quota is left, or when no quota was announced. Providers
     * with token buckets (OpenAI, Anthropic) send the time until the bucket is full as the reset, so a
     * window only half spent must not slow a pacer that already runs at the refill rate.
     */
    public static boolean nearlySpent(long remaining, RateLimitSignals signals) {
        return signals.requestQuota().map(quota -> remaining * 10 <= quota.limit()).orElse(true);
    }

    /**
     * The spacing that spreads what is left over the rest of the window, in the unit of {@code reset}:
     * {@code remaining} starts fit before the reset, and at the reset at least one more is allowed (a sliding
     * window frees its oldest request then; a fixed window or bucket is full again), so {@code remaining + 1}
     * starts share the time, the last landing on the reset. Dividing by {@code remaining} alone would slow a
     * pacer running exactly at the quota of a sliding window each time one request is left (its reset is
     * then two spacings away).
     */
    public static long spacingUntilReset(long reset, long remaining) {
        return reset / (remaining + 1);
    }
}
