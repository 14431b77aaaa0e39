package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Optional;

/** A test-only detector, registered in this module's test resources: always the catalog's first tier. */
public final class FixedTierDetector implements TierDetector {

    static final String NAME = "test-first-tier";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Tier> detect(RateLimitSignals signals, TierCatalog catalog) {
        return Optional.of(catalog.tiers().get(0));
    }
}
