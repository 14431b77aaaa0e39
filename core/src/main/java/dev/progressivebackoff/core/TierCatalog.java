package dev.progressivebackoff.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable list of known tiers, looked up by name (case-insensitive, aliases too) or by RPM.
 * {@link #moonshot()} is the default: Moonshot/Kimi's published tiers.
 */
public final class TierCatalog {

    private final List<Tier> tiers;

    private TierCatalog(List<Tier> tiers) {
        this.tiers = List.copyOf(tiers);
        List<String> names = new ArrayList<>();
        for (Tier tier : this.tiers) {
            names.add(tier.name());
            names.addAll(tier.aliases());
        }
        List<String> duplicates = names.stream()
                .map(String::toLowerCase)
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()))
                .entrySet()
                .stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getKey())
                .sorted()
                .toList();
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("tier names must be unique; repeated: " + duplicates);
        }
    }

    /** A catalog of {@code tiers}, in the given order; names and aliases must be unique. */
    public static TierCatalog of(List<Tier> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a tier catalog needs at least one tier");
        }
        return new TierCatalog(tiers);
    }

    /**
     * Moonshot/Kimi's published table: free (alias tier0) 3 RPM, 500,000 TPM, 1,500,000 TPD; tier1 200 RPM,
     * 2 M TPM; tier2 500, 3 M; tier3 5,000, 3 M; tier4 5,000, 4 M; tier5 10,000, 5 M (the paid tiers have no TPD).
     */
    public static TierCatalog moonshot() {
        return new TierCatalog(List.of(
                Tier.of("free", 3, 1).withAliases("tier0").withTokenLimits(500_000, 1_500_000),
                Tier.of("tier1", 200, 50).withTokenLimits(2_000_000, 0),
                Tier.of("tier2", 500, 100).withTokenLimits(3_000_000, 0),
                Tier.of("tier3", 5_000, 200).withTokenLimits(3_000_000, 0),
                Tier.of("tier4", 5_000, 400).withTokenLimits(4_000_000, 0),
                Tier.of("tier5", 10_000, 1_000).withTokenLimits(5_000_000, 0)));
    }

    /** Every tier, in catalog order. */
    public List<Tier> tiers() {
        return tiers;
    }

    /** The tier with this name or alias, ignoring case and surrounding blanks. */
    public Optional<Tier> byName(String name) {
        return tiers.stream().filter(t -> t.answersTo(name)).findFirst();
    }

    /**
     * The tier called {@code name}.
     *
     * @throws IllegalArgumentException naming the known tiers when there is none
     */
    public Tier require(String name) {
        return byName(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown tier '" + name + "'; known tiers: " + String.join(", ", names())));
    }

    /** Every tier whose quota is exactly {@code requestsPerMinute}, in catalog order. */
    public List<Tier> byRpm(int requestsPerMinute) {
        return tiers.stream()
                .filter(t -> t.requestsPerMinute() == requestsPerMinute)
                .toList();
    }

    /**
     * The tier for an observed RPM: the catalog tier when one matches; when several share it (Moonshot
     * tier3 and tier4), one tier named after all of them ({@code tier3/tier4}) with the smallest
     * concurrency and the smallest token quotas; otherwise {@link Tier#custom(int)}.
     */
    public Tier forRpm(int requestsPerMinute) {
        List<Tier> matches = byRpm(requestsPerMinute);
        if (matches.isEmpty()) {
            return Tier.custom(requestsPerMinute);
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String name = matches.stream().map(Tier::name).collect(Collectors.joining("/"));
        OptionalInt concurrency = matches.stream()
                .map(Tier::maxConcurrency)
                .filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt)
                .min();
        return new Tier(
                name,
                requestsPerMinute,
                concurrency,
                matches.get(0).baseDelay(),
                List.of(),
                smallest(matches, Tier::tokensPerMinute),
                smallest(matches, Tier::tokensPerDay));
    }

    /** The smallest quota any of {@code tiers} has, none if one of them has none (it is unlimited there). */
    private static OptionalLong smallest(List<Tier> tiers, Function<Tier, OptionalLong> quota) {
        if (tiers.stream().map(quota).anyMatch(OptionalLong::isEmpty)) {
            return OptionalLong.empty();
        }
        return tiers.stream().map(quota).mapToLong(OptionalLong::getAsLong).min();
    }

    /** Canonical names, in catalog order. */
    public List<String> names() {
        return tiers.stream().map(Tier::name).toList();
    }

    @Override
    public String toString() {
        return "TierCatalog" + names();
    }
}
