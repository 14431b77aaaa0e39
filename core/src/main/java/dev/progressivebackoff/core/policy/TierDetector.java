package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Optional;

/**
 * Works out the account's tier from a response's signals. Implementations are stateless and listed in
 * {@code META-INF/services/dev.progressivebackoff.core.policy.TierDetector}.
 */
public interface TierDetector {

    /** The name users select it by, e.g. {@code headers}. */
    String name();

    /** The tier the signals reveal, or empty when they say nothing about it. */
    Optional<Tier> detect(RateLimitSignals signals, TierCatalog catalog);
}
