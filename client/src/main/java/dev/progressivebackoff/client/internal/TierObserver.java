package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.TierTracker;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one place a client reads the tier from responses: each response's signals go through the detector
 * once, here; the tier found is adopted by the {@link #tracker() tracker} and announced as a
 * {@link RetryEvent.TierDetected} that the pacer and the other listeners receive. The tracker given to the
 * rate-limit loop follows what this observer adopts and never detects by itself, so the loop's own look at
 * each response costs nothing and cannot undo a newer tier another thread has seen meanwhile.
 *
 * <p>A tier is announced when it changes, and (with tier {@code auto}, or when asked) the first time one is
 * detected even if it is the one assumed. Thread-safe.
 */
public final class TierObserver {

    private final TierDetector detector;
    private final TierCatalog catalog;
    private final TierTracker tracker;
    private final boolean autoTier;
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile boolean seen;
    /** Held while the tracker adopts a tier; only then does its detector answer. */
    private final Object adoptLock = new Object();
    /** The tier being adopted; guarded by {@link #adoptLock}. */
    private Optional<Tier> adopting = Optional.empty();

    private TierObserver(Tier initial, TierDetector detector, TierCatalog catalog, boolean autoTier) {
        this.detector = detector;
        this.catalog = catalog;
        this.autoTier = autoTier;
        this.tracker = detector == null
                ? TierTracker.fixed(initial)
                : TierTracker.detecting(initial, new Adopting(detector.name()), catalog);
    }

    /** Always {@code tier}: responses are not read. */
    public static TierObserver fixed(Tier tier) {
        return new TierObserver(Objects.requireNonNull(tier, "tier"), null, null, false);
    }

    /**
     * Starts at {@code initial} and follows what {@code detector} reads from each response.
     *
     * @param autoTier true for tier {@code auto}: the first tier detected is announced even if unchanged
     */
    public static TierObserver detecting(Tier initial, TierDetector detector, TierCatalog catalog, boolean autoTier) {
        return new TierObserver(
                Objects.requireNonNull(initial, "initial"),
                Objects.requireNonNull(detector, "detector"),
                Objects.requireNonNull(catalog, "catalog"),
                autoTier);
    }

    /** The tracker for the rate-limit loop: the tier in force, as this observer adopts it. */
    public TierTracker tracker() {
        return tracker;
    }

    /** The tier in force now. */
    public Tier current() {
        return tracker.current();
    }

    /** True if responses are read for their tier. */
    public boolean isDetecting() {
        return detector != null;
    }

    /** True once a response revealed the tier. */
    public boolean hasSeenTier() {
        return seen;
    }

    /** True for tier {@code auto}. */
    public boolean isAutoTier() {
        return autoTier;
    }

    /**
     * Reads the tier a response reveals, adopts it, and announces it through {@code emit} when it changed
     * (or is the first one seen, with tier {@code auto} or {@code announce}).
     *
     * @return the tier the response revealed, changed or not; empty when it says nothing about it
     */
    public Optional<Tier> observe(RateLimitSignals signals, boolean announce, Consumer<RetryEvent> emit) {
        if (detector == null) {
            return Optional.empty();
        }
        Optional<Tier> detected = detector.detect(signals, catalog);
        if (detected.isEmpty()) {
            return detected;
        }
        seen = true;
        Optional<RetryEvent.TierDetected> change = adopt(signals, detected);
        if (change.isPresent()) {
            announced.set(true);
            emit.accept(change.get());
        } else if ((announce || autoTier) && announced.compareAndSet(false, true)) {
            String evidence = signals.requestQuota()
                    .map(q -> q.header() + ": " + q.limit())
                    .orElse("response headers");
            emit.accept(new RetryEvent.TierDetected(detected.get(), Optional.empty(), evidence));
        }
        return detected;
    }

    /** Has the tracker take {@code detected}: its detector, {@link Adopting}, hands it over under the lock. */
    private Optional<RetryEvent.TierDetected> adopt(RateLimitSignals signals, Optional<Tier> detected) {
        synchronized (adoptLock) {
            adopting = detected;
            try {
                return tracker.observe(signals);
            } finally {
                adopting = Optional.empty();
            }
        }
    }

    /**
     * The tracker's detector: the tier this observer is adopting when called from {@link #adopt}, nothing
     * otherwise (the rate-limit loop's own call), so no response is read twice.
     */
    private final class Adopting implements TierDetector {
        private final String name;

        Adopting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<Tier> detect(RateLimitSignals signals, TierCatalog tiers) {
            return Thread.holdsLock(adoptLock) ? adopting : Optional.empty();
        }
    }
}
