package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.internal.GcraSchedule;

/**
 * The rules by which a pacer reads a response's {@code remaining}/{@code reset} requests, shared by every
 * {@link Pacer} implementation (the local one and the Redis one) so that they slow down alike.
 */
public final class WindowRules {

    private WindowRules() {}

    /**
     * True when at most a tenth of the announced quota is left, or when no quota was announced. Providers
     * with token buckets (OpenAI, Anthropic) send the time until the bucket is full as the reset, so a
     * window only half spent must not slow a pacer that already runs at the refill rate.
     */
    public static boolean nearlySpent(long remaining, RateLimitSignals signals) {
        return signals.requestQuota()
                .map(quota -> remaining * 10 <= quota.limit())
                .orElse(true);
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

    /**
     * The margin added to a spacing or to a reset of {@code nanos}: 1 ms plus 0.5 %, at most 5 %. A limiter
     * times arrivals on its own clock, to the millisecond and often read once per event-loop turn (nginx):
     * on loopback, a client spacing its starts exactly 200 ms apart met nginx's 429 on 9 of 100 requests,
     * and its starts landed 1–3 ms early on the limiter's clock now and then. The millisecond covers that,
     * the half percent the drift of longer spacings, and the 5 % cap keeps fast tiers (a 12 ms spacing at
     * 5,000 RPM) from losing more.
     */
    public static long margin(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return Math.min(nanos / 20, MILLISECOND + nanos / 200);
    }

    /**
     * The spacing a pacer keeps between starts at {@code requestsPerMinute}, in nanoseconds: 60 s / RPM,
     * rounded up so the quota is never exceeded, plus the {@linkplain #margin margin} when {@code margin}
     * (see {@link Pacer.Builder#withSpacingMargin}).
     */
    public static long spacing(int requestsPerMinute, boolean margin) {
        long exact = GcraSchedule.intervalFor(requestsPerMinute);
        return margin ? exact + margin(exact) : exact;
    }

    private static final long MILLISECOND = 1_000_000L;
}
