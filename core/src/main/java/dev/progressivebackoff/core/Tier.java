package dev.progressivebackoff.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A named rate-limit level.
 *
 * @param name              canonical name, e.g. {@code free}, {@code tier1}
 * @param requestsPerMinute the request quota per minute, positive
 * @param maxConcurrency    how many requests may be in flight at once, when the provider says
 * @param baseDelay         first wait of the rate-limit backoff; 60 s / RPM unless given
 * @param aliases           other names this tier answers to, e.g. {@code tier0} for {@code free}
 */
public record Tier(
        String name, int requestsPerMinute, OptionalInt maxConcurrency, Duration baseDelay, List<String> aliases) {

    public Tier {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tier name must not be blank");
        }
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
        Objects.requireNonNull(maxConcurrency, "maxConcurrency");
        if (maxConcurrency.isPresent() && maxConcurrency.getAsInt() <= 0) {
            throw new IllegalArgumentException("maxConcurrency must be positive: " + maxConcurrency.getAsInt());
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay must be positive: " + baseDelay);
        }
        aliases = List.copyOf(aliases);
    }

    /** A tier with base delay 60 s / RPM and no concurrency limit. */
    public static Tier of(String name, int requestsPerMinute) {
        return new Tier(name, requestsPerMinute, OptionalInt.empty(), baseDelayFor(requestsPerMinute), List.of());
    }

    /** A tier with base delay 60 s / RPM and the given concurrency limit. */
    public static Tier of(String name, int requestsPerMinute, int maxConcurrency) {
        return new Tier(
                name, requestsPerMinute, OptionalInt.of(maxConcurrency), baseDelayFor(requestsPerMinute), List.of());
    }

    /** A tier for an RPM that no catalog entry has: named {@code custom-<rpm>rpm}, base 60 s / RPM. */
    public static Tier custom(int requestsPerMinute) {
        return of("custom-" + requestsPerMinute + "rpm", requestsPerMinute);
    }

    /** 60 s divided by {@code requestsPerMinute}, exact to the nanosecond. */
    public static Duration baseDelayFor(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
        return Duration.ofNanos(60_000_000_000L / requestsPerMinute);
    }

    /** The same tier with other aliases. */
    public Tier withAliases(String... newAliases) {
        return new Tier(name, requestsPerMinute, maxConcurrency, baseDelay, List.of(newAliases));
    }

    /** The same tier under another name (aliases dropped). */
    public Tier withName(String newName) {
        return new Tier(newName, requestsPerMinute, maxConcurrency, baseDelay, List.of());
    }

    /** True if {@code candidate} is this tier's name or one of its aliases, ignoring case. */
    public boolean answersTo(String candidate) {
        String wanted = candidate.trim().toLowerCase(Locale.ROOT);
        if (name.toLowerCase(Locale.ROOT).equals(wanted)) {
            return true;
        }
        return aliases.stream().anyMatch(alias -> alias.toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** {@code free (RPM: 3, delay: 20.0s)}: the form of the documented "Detected tier" line. */
    public String describe() {
        return name + " (RPM: " + requestsPerMinute + ", delay: " + Seconds.format(baseDelay) + ")";
    }
}
