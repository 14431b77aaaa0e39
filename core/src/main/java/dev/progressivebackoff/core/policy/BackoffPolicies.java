package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.internal.ServiceRegistry;
import java.util.List;

/**
 * The backoff policies available on the class path, by name. Immutable; load it once and keep it.
 */
public final class BackoffPolicies {

    /** The policy used when none is chosen: the documented tier-aware exponential schedule. */
    public static final String DEFAULT_NAME = "tier-aware-exponential";

    private final ServiceRegistry<BackoffPolicyProvider> registry;

    private BackoffPolicies(ServiceRegistry<BackoffPolicyProvider> registry) {
        this.registry = registry;
    }

    /** Loads providers visible to the context class loader (or this class's loader). */
    public static BackoffPolicies load() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return load(context != null ? context : BackoffPolicies.class.getClassLoader());
    }

    /** Loads providers visible to {@code loader}. */
    public static BackoffPolicies load(ClassLoader loader) {
        return new BackoffPolicies(
                ServiceRegistry.load(BackoffPolicyProvider.class, loader, BackoffPolicyProvider::name));
    }

    /**
     * A policy built by the provider called {@code name}.
     *
     * @throws UnknownProviderException listing the known names when there is no such provider
     */
    public BackoffPolicy create(String name, PolicyOptions options) {
        return registry.find(name)
                .orElseThrow(() -> new UnknownProviderException("backoff policy", name, registry.names()))
                .create(options);
    }

    /** The default policy with {@code options}. */
    public BackoffPolicy createDefault(PolicyOptions options) {
        return create(DEFAULT_NAME, options);
    }

    /** Every provider name, sorted. */
    public List<String> names() {
        return registry.names();
    }

    /** Providers that failed to load, one message each. */
    public List<String> loadErrors() {
        return registry.loadErrors();
    }
}
