package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The pacer of the {@code rpm-only} baseline: the default pacer as it was before token budgets, pacing requests
 * and concurrency only. Token estimates, token limits (of the tier or of headers) and daily quotas are dropped
 * before they reach the wrapped pacer, so tokens are left to the server's 429s and the retry loop.
 */
final class RpmOnlyPacer implements Pacer {

    private final Pacer requests;

    /** The default pacer of {@code tier} without its token limits, on {@code time} and {@code sleeper}. */
    RpmOnlyPacer(Tier tier, TimeSource time, Sleeper sleeper) {
        this.requests = Pacer.builder()
                .withTier(withoutTokens(tier))
                .withTimeSource(Objects.requireNonNull(time, "time"))
                .withSleeper(Objects.requireNonNull(sleeper, "sleeper"))
                .build();
    }

    @Override
    public Permit acquire() throws InterruptedException {
        return requests.acquire();
    }

    @Override
    public Permit acquire(long estimatedTokens) throws InterruptedException {
        return requests.acquire(0);
    }

    @Override
    public void adoptTier(Tier tier) {
        requests.adoptTier(withoutTokens(tier));
    }

    @Override
    public void adoptRpm(int requestsPerMinute) {
        requests.adoptRpm(requestsPerMinute);
    }

    @Override
    public void observe(RateLimitSignals signals) {
        requests.observe(withoutTokens(signals));
    }

    @Override
    public void observe(Permit permit, RateLimitSignals signals) {
        requests.observe(permit, withoutTokens(signals));
    }

    @Override
    public void coolDown(Duration duration) {
        requests.coolDown(duration);
    }

    @Override
    public PacerState state() {
        return requests.state();
    }

    private static Tier withoutTokens(Tier tier) {
        return tier.withTokenLimits(OptionalLong.empty(), OptionalLong.empty());
    }

    /** The signals with every token figure removed, in the per-window list too. */
    static RateLimitSignals withoutTokens(RateLimitSignals signals) {
        return new RateLimitSignals(
                signals.status(),
                signals.measuredAt(),
                signals.hints(),
                signals.requestQuota(),
                signals.remainingRequests(),
                signals.resetRequests(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                signals.shouldRetry(),
                signals.errorBody(),
                signals.classification(),
                signals.windows().stream()
                        .filter(window -> !window.resource().equals("tokens"))
                        .toList());
    }
}
