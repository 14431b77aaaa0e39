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

    /** The fastest documented tier's quota (Moonshot tier5): 10,000 RPM, a 6 ms base. */
    public static final int MAX_ANNOUNCED_RPM = 10_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Tier> detect(RateLimitSignals signals, TierCatalog catalog) {
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(catalog, "catalog");
        return signals.requestQuota().map(quota -> forRpm(catalog, quota.requestsPerMinute()));
    }

    /**
     * The tier for an announced RPM; a quota above every known tier (the catalog's fastest, and at least
     * {@link #MAX_ANNOUNCED_RPM}) is capped there, under a name that says so (it shows wherever the tier is
     * logged), so that a confused server announcing 10^20 requests a minute cannot set a nanosecond backoff.
     */
    static Tier forRpm(TierCatalog catalog, int rpm) {
        return capped(catalog, rpm);
    }

    /** The tier a server announcing {@code rpm} gets with the Moonshot catalog, capped as {@link #forRpm} says. */
    static Tier forRpmCapped(int rpm) {
        return capped(TierCatalog.moonshot(), rpm);
    }

    private static Tier capped(TierCatalog catalog, int rpm) {
        int cap = Math.max(
                MAX_ANNOUNCED_RPM,
                catalog.tiers().stream().mapToInt(Tier::requestsPerMinute).max().orElse(0));
        if (rpm <= cap) {
            return catalog.forRpm(rpm);
        }
        return Tier.custom(cap).withName("custom-" + cap + "rpm-capped-from-" + rpm + "rpm");
    }

    @Override
    public String toString() {
        return NAME;
    }
}
