package dev.progressivebackoff.core.signals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable response headers with case-insensitive names; a header sent on several lines keeps
 * every value, in order. An underscore in a name counts as a hyphen ({@code X_RateLimit_Reset} is
 * {@code x-ratelimit-reset}), as some gateways rewrite them so; names are kept in that normal form.
 */
public final class ResponseHeaders {

    /** No headers at all. */
    public static final ResponseHeaders EMPTY = new ResponseHeaders(Map.of());

    private final Map<String, List<String>> byLowerName;

    private ResponseHeaders(Map<String, List<String>> byLowerName) {
        this.byLowerName = byLowerName;
    }

    /** Headers from a map of name to values (e.g. HttpClient's or the JDK server's). */
    public static ResponseHeaders of(Map<String, ? extends Collection<String>> headers) {
        Builder builder = builder();
        headers.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
        return builder.build();
    }

    /** Headers from alternating names and values: {@code of("Retry-After", "5", "Date", "...")}. */
    public static ResponseHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** A builder that collects header lines in arrival order. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every value sent under {@code name}, ignoring case; empty when absent. */
    public List<String> all(String name) {
        return byLowerName.getOrDefault(normal(name), List.of());
    }

    /** The first value sent under {@code name}, ignoring case. */
    public Optional<String> first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** True if at least one line carries {@code name}. */
    public boolean contains(String name) {
        return !all(name).isEmpty();
    }

    /** A name in its normal form: lower case, underscores as hyphens. */
    private static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Lower-cased names of the headers present. */
    public Set<String> names() {
        return byLowerName.keySet();
    }

    /** Headers as lower-cased name to values. */
    public Map<String, List<String>> asMap() {
        return byLowerName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResponseHeaders that && byLowerName.equals(that.byLowerName);
    }

    @Override
    public int hashCode() {
        return byLowerName.hashCode();
    }

    @Override
    public String toString() {
        return "ResponseHeaders" + byLowerName;
    }

    /** Collects header lines; not thread-safe. */
    public static final class Builder {
        private final Map<String, List<String>> lines = new LinkedHashMap<>();

        private Builder() {}

        /** Adds one header line. */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            lines.computeIfAbsent(normal(name), n -> new ArrayList<>()).add(value);
            return this;
        }

        /** The headers collected so far. */
        public ResponseHeaders build() {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            lines.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return new ResponseHeaders(Collections.unmodifiableMap(copy));
        }
    }
}
