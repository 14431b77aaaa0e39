package dev.progressivebackoff.backoff;

import dev.progressivebackoff.backoff.internal.JitterMath;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The documented rate-limit schedule: wait(n) = base(tier) × factor^(n−1) for n = 1…maxRetries
 * (free tier: 20, 40, 80, 160, 320, 640 s). A valid server hint replaces the computed wait, strongest
 * hint first (see {@link WaitSource}). Jitter is off by default; when on, it randomises computed waits
 * only, and server hints are never shortened. Immutable and thread-safe.
 */
public final class TierAwareExponentialBackoff implements BackoffPolicy {

    /** The name this policy is registered under. */
    public static final String NAME = "tier-aware-exponential";

    private final PolicyOptions options;

    private TierAwareExponentialBackoff(PolicyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The documented schedule: 6 retries, factor 2.0, no cap, no jitter. */
    public static TierAwareExponentialBackoff documented() {
        return new TierAwareExponentialBackoff(PolicyOptions.DEFAULTS);
    }

    /** A policy with these options. */
    public static TierAwareExponentialBackoff withOptions(PolicyOptions options) {
        return new TierAwareExponentialBackoff(options);
    }

    /** The options in use. */
    public PolicyOptions options() {
        return options;
    }

    @Override
    public int maxRetries() {
        return options.maxRetries();
    }

    /** {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** The documented {@value RetriesExhaustedException#MESSAGE}. */
    @Override
    public String retriesExhaustedReason() {
        return RetriesExhaustedException.MESSAGE;
    }

    @Override
    public BackoffDecision decide(RetryContext context) {
        if (context.retry() > options.maxRetries()) {
            return BackoffDecision.giveUp(RetriesExhaustedException.MESSAGE);
        }
        Duration base = context.tier().baseDelay();
        Optional<ServerHint> hint = context.signals().preferredHint();
        if (hint.isPresent()) {
            return BackoffDecision.retryAfter(
                    spreadAboveHint(hint.get().delay(), base), hint.get().source());
        }
        Duration computed = computedWait(base, context.retry());
        Duration jittered = JitterMath.apply(
                options.jitter(),
                computed,
                base,
                context.previousWait(),
                options.maxComputedWait().orElse(null),
                uniform());
        return BackoffDecision.retryAfter(jittered, WaitSource.TIER_BACKOFF);
    }

    /**
     * The unjittered wait before retry {@code retry} (1-based): base × factor^(retry−1), capped by
     * {@link PolicyOptions#maxComputedWait()} and saturated at {@link Seconds#SATURATED}.
     */
    public Duration computedWait(Duration base, int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        double nanos = JitterMath.nanos(base) * Math.pow(options.factor(), retry - 1);
        Duration wait =
                nanos >= JitterMath.nanos(Seconds.SATURATED) ? Seconds.SATURATED : Duration.ofNanos(Math.round(nanos));
        return options.maxComputedWait().filter(cap -> cap.compareTo(wait) < 0).orElse(wait);
    }

    private Duration spreadAboveHint(Duration hinted, Duration base) {
        if (!options.spreadServerHints() || options.jitter() == Jitter.NONE) {
            return hinted;
        }
        Duration extra = Duration.ofNanos((long) Math.floor(JitterMath.nanos(base) * uniform()));
        Duration spread = hinted.plus(extra);
        return spread.compareTo(Seconds.SATURATED) > 0 ? Seconds.SATURATED : spread;
    }

    /** A random number in [0, 1) from the injected generator; none is drawn while jitter is off. */
    private double uniform() {
        return options.jitter() == Jitter.NONE ? 0.0 : options.random().nextDouble();
    }

    @Override
    public String toString() {
        return NAME + "(maxRetries=" + options.maxRetries() + ", factor=" + options.factor() + ", jitter="
                + options.jitter() + ")";
    }
}
