package dev.progressivebackoff.backoff;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the tier from the request quota a response announces ({@code x-ratelimit-limit-requests}, the
 * Anthropic, IETF {@code RateLimit-Policy} and legacy {@code X-RateLimit-Limit} headers, as gathered in
 * {@link RateLimitSignals#requestQuota()}) and maps its requests per minute to a catalog tier with
 * {@link TierCatalog#forRpm(int)}: the catalog tier on an exact match, one honest combined tier when
 * several share the RPM (Moonshot {@code tier3/tier4}), otherwise a custom tier with base 60 s / RPM.
 * Registered for {@link java.util.ServiceLoader} as {@value #NAME}, the default detector. Stateless.
 */
public final class HeaderTierDetector implements TierDetector {

    /** The name this detector is registered under. */
    public static final String NAME = "headers";

    /** Creates the detector; {@link java.util.ServiceLoader} needs this public constructor. */
    public HeaderTierDetector() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Tier> detect(RateLimitSignals signals, TierCatalog catalog) {
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(catalog, "catalog");
        return signals.requestQuota().map(quota -> catalog.forRpm(quota.requestsPerMinute()));
    }

    @Override
    public String toString() {
        return NAME;
    }
}
