package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.internal.ServiceRegistry;
import java.util.List;

/** The tier detectors available on the class path, by name. Immutable. */
public final class TierDetectors {

    /** The detector used when none is chosen: the rate-limit headers. */
    public static final String DEFAULT_NAME = "headers";

    private final ServiceRegistry<TierDetector> registry;

    private TierDetectors(ServiceRegistry<TierDetector> registry) {
        this.registry = registry;
    }

    /** Loads detectors visible to the context class loader (or this class's loader). */
    public static TierDetectors load() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return load(context != null ? context : TierDetectors.class.getClassLoader());
    }

    /** Loads detectors visible to {@code loader}. */
    public static TierDetectors load(ClassLoader loader) {
        return new TierDetectors(ServiceRegistry.load(TierDetector.class, loader, TierDetector::name));
    }

    /**
     * The detector called {@code name}.
     *
     * @throws UnknownProviderException listing the known names when there is none
     */
    public TierDetector get(String name) {
        return registry.find(name)
                .orElseThrow(() -> new UnknownProviderException("tier detector", name, registry.names()));
    }

    /** Every detector name, sorted. */
    public List<String> names() {
        return registry.names();
    }

    /** Detectors that failed to load, one message each. */
    public List<String> loadErrors() {
        return registry.loadErrors();
    }
}
