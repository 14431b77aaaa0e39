package dev.progressivebackoff.core.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Providers of one SPI found by {@link ServiceLoader}, keyed by name. Loaded once per instance; a
 * provider that fails to load is skipped and its error kept, so one broken jar cannot hide the rest.
 * The first provider of a name wins.
 *
 * @param <T> the provider type
 */
public final class ServiceRegistry<T> {

    private final Map<String, T> byName;
    private final List<String> loadErrors;

    private ServiceRegistry(Map<String, T> byName, List<String> loadErrors) {
        this.byName = byName;
        this.loadErrors = loadErrors;
    }

    /** Loads every provider of {@code type} visible to {@code loader}. */
    public static <T> ServiceRegistry<T> load(Class<T> type, ClassLoader loader, Function<T, String> nameOf) {
        Map<String, T> found = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        Iterator<T> providers = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                T provider = providers.next();
                found.putIfAbsent(nameOf.apply(provider), provider);
            } catch (ServiceConfigurationError | RuntimeException broken) {
                errors.add(String.valueOf(broken.getMessage()));
            }
        }
        return new ServiceRegistry<>(Map.copyOf(found), List.copyOf(errors));
    }

    /** The provider called {@code name}. */
    public Optional<T> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every name, sorted. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** Why providers failed to load, one message each. */
    public List<String> loadErrors() {
        return loadErrors;
    }
}
