package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** The pacer behind {@link Pacer#none()}: never waits, learns nothing. Stateless. */
public enum UnpacedPacer implements Pacer {
    /** The only instance. */
    INSTANCE;

    /** Returns {@link Permit#NONE} at once, unless the thread is already interrupted. */
    @Override
    public Permit acquire() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring a permit");
        }
        return Permit.NONE;
    }

    /** A completed future of {@link Permit#NONE}: nothing to wait for. */
    @Override
    public CompletableFuture<Permit> acquireAsync(long estimatedTokens, ScheduledExecutorService scheduler) {
        return CompletableFuture.completedFuture(Permit.NONE);
    }

    @Override
    public void adoptTier(Tier tier) {
        Objects.requireNonNull(tier, "tier");
    }

    @Override
    public void adoptRpm(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
    }

    @Override
    public void observe(RateLimitSignals signals) {
        Objects.requireNonNull(signals, "signals");
    }

    @Override
    public void coolDown(Duration duration) {
        Objects.requireNonNull(duration, "duration");
    }

    @Override
    public PacerState state() {
        return PacerState.UNPACED;
    }

    @Override
    public String toString() {
        return "Pacer.none()";
    }
}
