package dev.progressivebackoff.verification;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One tier's rate-limit schedule exactly as the README's "The documented schedule" publishes it, written down as
 * literal data (not computed from any policy), so a replay compares two independent sources.
 *
 * @param tier              the catalog name, e.g. {@code free}
 * @param aliases           other names of the tier, e.g. {@code tier0}
 * @param requestsPerMinute the tier's quota
 * @param baseDelay         the first wait
 * @param factor            growth per retry (2.0)
 * @param waits             the wait before each retry, in order (six)
 * @param totalWait         the sum of the waits as documented (free: 1,260 s)
 */
public record DocumentedSchedule(
        String tier,
        List<String> aliases,
        int requestsPerMinute,
        Duration baseDelay,
        double factor,
        List<Duration> waits,
        Duration totalWait) {

    /** The message a call fails with after the last documented retry. */
    public static final String FINAL_MESSAGE = "Max retries exceeded (after proper tier-aware backoff)";

    private static final List<DocumentedSchedule> ALL = List.of(
            literal("free", List.of("tier0"), 3, "20", "20", "40", "80", "160", "320", "640", "1260"),
            literal("tier1", List.of(), 200, "0.3", "0.3", "0.6", "1.2", "2.4", "4.8", "9.6", "18.9"),
            literal("tier2", List.of(), 500, "0.12", "0.12", "0.24", "0.48", "0.96", "1.92", "3.84", "7.56"),
            literal("tier3", List.of(), 5_000, "0.012", "0.012", "0.024", "0.048", "0.096", "0.192", "0.384", "0.756"),
            literal("tier4", List.of(), 5_000, "0.012", "0.012", "0.024", "0.048", "0.096", "0.192", "0.384", "0.756"),
            literal(
                    "tier5", List.of(), 10_000, "0.006", "0.006", "0.012", "0.024", "0.048", "0.096", "0.192",
                    "0.378"));

    public DocumentedSchedule {
        Objects.requireNonNull(tier, "tier");
        aliases = List.copyOf(aliases);
        waits = List.copyOf(waits);
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(totalWait, "totalWait");
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one wait");
        }
        Duration sum = waits.stream().reduce(Duration.ZERO, Duration::plus);
        if (!sum.equals(totalWait)) {
            throw new IllegalArgumentException(tier + ": the waits add up to " + sum + ", not " + totalWait);
        }
        if (!waits.get(0).equals(baseDelay)) {
            throw new IllegalArgumentException(tier + ": the first wait must be the base delay " + baseDelay);
        }
    }

    /** All six Moonshot tiers, in catalog order. */
    public static List<DocumentedSchedule> all() {
        return ALL;
    }

    /**
     * The schedule of the tier called {@code name} (case-insensitive; aliases too).
     *
     * @throws IllegalArgumentException naming the documented tiers when there is none
     */
    public static DocumentedSchedule forTier(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException("no documented schedule for tier '"
                        + name + "'; documented: "
                        + ALL.stream().map(DocumentedSchedule::tier).collect(Collectors.joining(", "))));
    }

    /** The schedule of the tier called {@code name}, if documented. */
    public static Optional<DocumentedSchedule> find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(s -> s.tier().equals(wanted) || s.aliases().contains(wanted))
                .findFirst();
    }

    /** How many rate-limit retries the schedule has (six). */
    public int retries() {
        return waits.size();
    }

    /** How many requests a call that never gets through sends: the first plus one per retry (seven). */
    public int attempts() {
        return waits.size() + 1;
    }

    /** The message the call fails with after the last retry. */
    public String finalMessage() {
        return FINAL_MESSAGE;
    }

    private static DocumentedSchedule literal(
            String tier, List<String> aliases, int rpm, String base, String... waitsThenTotal) {
        List<Duration> all =
                Arrays.stream(waitsThenTotal).map(DocumentedSchedule::seconds).toList();
        return new DocumentedSchedule(
                tier, aliases, rpm, seconds(base), 2.0, all.subList(0, all.size() - 1), all.get(all.size() - 1));
    }

    /** An exact decimal number of seconds as a duration. */
    private static Duration seconds(String decimal) {
        return Duration.ofNanos(new BigDecimal(decimal).movePointRight(9).longValueExact());
    }
}
