package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tier in force for one API key, shared by every call that uses the key. With a detector it learns
 * passively: every response's headers may update it, at no extra request. Thread-safe.
 */
public final class TierTracker {

    private final AtomicReference<Tier> current;
    private final TierDetector detector;
    private final TierCatalog catalog;

    private TierTracker(Tier initial, TierDetector detector, TierCatalog catalog) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.detector = detector;
        this.catalog = catalog;
    }

    /** Always {@code tier}: nothing is learned from responses. */
    public static TierTracker fixed(Tier tier) {
        return new TierTracker(tier, null, null);
    }

    /** Starts at {@code initial} and follows what {@code detector} reads from each response. */
    public static TierTracker detecting(Tier initial, TierDetector detector, TierCatalog catalog) {
        return new TierTracker(
                initial, Objects.requireNonNull(detector, "detector"), Objects.requireNonNull(catalog, "catalog"));
    }

    /** The tier in force now. */
    public Tier current() {
        return current.get();
    }

    /** True if responses can change the tier. */
    public boolean isDetecting() {
        return detector != null;
    }

    /**
     * Reads the tier from a response; when it differs from the current one, adopts it and returns the
     * event describing the change.
     */
    public Optional<RetryEvent.TierDetected> observe(RateLimitSignals signals) {
        if (detector == null) {
            return Optional.empty();
        }
        Optional<Tier> detected = detector.detect(signals, catalog);
        if (detected.isEmpty()) {
            return Optional.empty();
        }
        Tier tier = detected.get();
        Tier previous = current.getAndSet(tier);
        if (previous.equals(tier)) {
            return Optional.empty();
        }
        String evidence =
                signals.requestQuota().map(q -> q.header() + ": " + q.limit()).orElse("response headers");
        return Optional.of(new RetryEvent.TierDetected(tier, Optional.of(previous), evidence));
    }
}
