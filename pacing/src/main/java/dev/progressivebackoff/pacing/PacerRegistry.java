package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One {@link Pacer} per {@link RateLimitKey}, shared by every thread and client that uses the key. Not a
 * global: the application creates one registry and hands it to every client it builds. Thread-safe.
 */
public final class PacerRegistry {

    private final BiFunction<RateLimitKey, Tier, Pacer> factory;
    private final boolean enabled;
    private final ConcurrentMap<RateLimitKey, Pacer> pacers = new ConcurrentHashMap<>();

    private PacerRegistry(BiFunction<RateLimitKey, Tier, Pacer> factory, boolean enabled) {
        this.factory = factory;
        this.enabled = enabled;
    }

    /** A registry of GCRA pacers with default settings (no burst) on {@code timeSource} and {@code sleeper}. */
    public static PacerRegistry create(TimeSource timeSource, Sleeper sleeper) {
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        return create(tier -> Pacer.builder()
                .withTier(tier)
                .withTimeSource(timeSource)
                .withSleeper(sleeper)
                .build());
    }

    /**
     * A registry whose pacers {@code factory} makes from the tier in force when a key is first used, e.g.
     * {@code tier -> Pacer.builder().withTier(tier).withBurst(2).build()}.
     */
    public static PacerRegistry create(Function<Tier, Pacer> factory) {
        Objects.requireNonNull(factory, "factory");
        return new PacerRegistry((key, tier) -> factory.apply(tier), true);
    }

    /**
     * A registry whose pacers {@code factory} makes from the key and the tier in force when the key is first
     * used; for pacers whose state lives elsewhere under that key, e.g. {@code redisPacers::pacerFor}.
     */
    public static PacerRegistry createKeyed(BiFunction<RateLimitKey, Tier, Pacer> factory) {
        return new PacerRegistry(Objects.requireNonNull(factory, "factory"), true);
    }

    /** A registry that hands out {@link Pacer#none()} for every key: the reactive behaviour ({@code --no-pace}). */
    public static PacerRegistry disabled() {
        return new PacerRegistry((key, tier) -> Pacer.none(), false);
    }

    /**
     * The pacer for {@code key}; the first call for a key creates it at {@code initialTier}, later calls
     * return the same pacer whatever tier they pass (it learns tiers through {@link Pacer#adoptTier}).
     */
    public Pacer pacerFor(RateLimitKey key, Tier initialTier) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initialTier, "initialTier");
        if (!enabled) {
            return Pacer.none();
        }
        return pacers.computeIfAbsent(
                key,
                newKey ->
                        Objects.requireNonNull(factory.apply(newKey, initialTier), "the pacer factory returned null"));
    }

    /** The pacer for {@code key}, if one was created. */
    public Optional<Pacer> find(RateLimitKey key) {
        return Optional.ofNullable(pacers.get(Objects.requireNonNull(key, "key")));
    }

    /** The keys that have a pacer. */
    public Set<RateLimitKey> keys() {
        return Set.copyOf(pacers.keySet());
    }

    /** False for {@link #disabled()}. */
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return enabled ? "PacerRegistry" + keys() : "PacerRegistry[disabled]";
    }
}
