package dev.progressivebackoff.core.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The knobs every policy provider receives.
 *
 * @param maxRetries        rate-limit retries allowed (6 by default: 7 attempts)
 * @param factor            growth per retry (2.0 by default)
 * @param maxComputedWait   cap on waits the policy computes itself (not on server hints); empty for none
 * @param jitter            randomisation of computed waits ({@link Jitter#NONE} by default)
 * @param spreadServerHints with jitter on, add up to one base delay on top of server hints, never below them
 * @param random            the random source for jitter; inject a seeded one for repeatable runs
 */
public record PolicyOptions(
        int maxRetries,
        double factor,
        Optional<Duration> maxComputedWait,
        Jitter jitter,
        boolean spreadServerHints,
        RandomGenerator random) {

    /**
     * The random source of {@link #DEFAULTS}: each thread draws from its own
     * {@link ThreadLocalRandom}, so a policy shared between threads holds no shared mutable state.
     */
    public static final RandomGenerator THREAD_LOCAL_RANDOM =
            () -> ThreadLocalRandom.current().nextLong();

    /** The documented defaults: 6 retries, factor 2.0, no cap, no jitter. */
    public static final PolicyOptions DEFAULTS =
            new PolicyOptions(6, 2.0, Optional.empty(), Jitter.NONE, false, THREAD_LOCAL_RANDOM);

    public PolicyOptions {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number >= 1.0: " + factor);
        }
        Objects.requireNonNull(maxComputedWait, "maxComputedWait");
        maxComputedWait.ifPresent(cap -> {
            if (cap.isNegative() || cap.isZero()) {
                throw new IllegalArgumentException("maxComputedWait must be positive: " + cap);
            }
        });
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(random, "random");
    }

    /** A copy with another retry count. */
    public PolicyOptions withMaxRetries(int newMaxRetries) {
        return new PolicyOptions(newMaxRetries, factor, maxComputedWait, jitter, spreadServerHints, random);
    }

    /** A copy with another factor. */
    public PolicyOptions withFactor(double newFactor) {
        return new PolicyOptions(maxRetries, newFactor, maxComputedWait, jitter, spreadServerHints, random);
    }

    /** A copy with a cap on computed waits. */
    public PolicyOptions withMaxComputedWait(Duration cap) {
        return new PolicyOptions(maxRetries, factor, Optional.of(cap), jitter, spreadServerHints, random);
    }

    /** A copy with jitter and its random source. */
    public PolicyOptions withJitter(Jitter newJitter, RandomGenerator newRandom) {
        return new PolicyOptions(maxRetries, factor, maxComputedWait, newJitter, spreadServerHints, newRandom);
    }

    /** A copy that spreads server hints upward (only with jitter on). */
    public PolicyOptions withSpreadServerHints(boolean spread) {
        return new PolicyOptions(maxRetries, factor, maxComputedWait, jitter, spread, random);
    }
}
