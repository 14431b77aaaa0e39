package dev.progressivebackoff.simulator.internal;

import dev.progressivebackoff.simulator.ProviderStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts responses in total and per API key. Thread-safe. */
public final class Counters {

    /** What a response was. */
    public enum Kind {
        /** A request arrived. */
        REQUEST,
        /** A 429 went out. */
        RATE_LIMITED,
        /** An injected 5xx went out. */
        SERVER_ERROR,
        /** A 401 went out. */
        UNAUTHORIZED,
        /** A chat completion succeeded. */
        COMPLETION
    }

    private final AtomicLongArray total = new AtomicLongArray(Kind.values().length);
    private final Map<String, AtomicLongArray> byKey = new ConcurrentHashMap<>();

    /** Counts one {@code kind} for {@code key} (empty string for no key). */
    public void count(String key, Kind kind) {
        total.incrementAndGet(kind.ordinal());
        byKey.computeIfAbsent(key, k -> new AtomicLongArray(Kind.values().length))
                .incrementAndGet(kind.ordinal());
    }

    /** Totals over every key. */
    public ProviderStats total() {
        return stats(total);
    }

    /** Counts for one key; zero when it never called. */
    public ProviderStats forKey(String key) {
        AtomicLongArray counts = byKey.get(key);
        return counts == null ? ProviderStats.ZERO : stats(counts);
    }

    private static ProviderStats stats(AtomicLongArray counts) {
        return new ProviderStats(
                counts.get(Kind.REQUEST.ordinal()),
                counts.get(Kind.RATE_LIMITED.ordinal()),
                counts.get(Kind.SERVER_ERROR.ordinal()),
                counts.get(Kind.UNAUTHORIZED.ordinal()),
                counts.get(Kind.COMPLETION.ordinal()));
    }
}
