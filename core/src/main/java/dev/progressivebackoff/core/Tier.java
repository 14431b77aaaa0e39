package dev.progressivebackoff.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A named rate-limit level.
 *
 * @param name              canonical name, e.g. {@code free}, {@code tier1}
 * @param requestsPerMinute the request quota per minute, positive
 * @param maxConcurrency    how many requests may be in flight at once, when the provider says
 * @param baseDelay         first wait of the rate-limit backoff; 60 s / RPM unless given
 * @param aliases           other names this tier answers to, e.g. {@code tier0} for {@code free}
 * @param tokensPerMinute   the token quota per minute (TPM), when the provider has one
 * @param tokensPerDay      the token quota per day (TPD), when the provider has one
 */
public record Tier(
        String name,
        int requestsPerMinute,
        OptionalInt maxConcurrency,
        Duration baseDelay,
        List<String> aliases,
        OptionalLong tokensPerMinute,
        OptionalLong tokensPerDay) {

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
        positive(tokensPerMinute, "tokensPerMinute");
        positive(tokensPerDay, "tokensPerDay");
    }

    /** A tier without token quotas. */
    public Tier(
            String name, int requestsPerMinute, OptionalInt maxConcurrency, Duration baseDelay, List<String> aliases) {
        this(name, requestsPerMinute, maxConcurrency, baseDelay, aliases, OptionalLong.empty(), OptionalLong.empty());
    }

    private static void positive(OptionalLong value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value.getAsLong());
        }
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
        return new Tier(
                name, requestsPerMinute, maxConcurrency, baseDelay, List.of(newAliases), tokensPerMinute, tokensPerDay);
    }

    /** The same tier under another name (aliases dropped). */
    public Tier withName(String newName) {
        return new Tier(
                newName, requestsPerMinute, maxConcurrency, baseDelay, List.of(), tokensPerMinute, tokensPerDay);
    }

    /** The same tier at another RPM (base delay 60 s / RPM), its token quotas kept. */
    public Tier withRpm(int newRequestsPerMinute) {
        return new Tier(
                name,
                newRequestsPerMinute,
                maxConcurrency,
                baseDelayFor(newRequestsPerMinute),
                aliases,
                tokensPerMinute,
                tokensPerDay);
    }

    /** The same tier with these token quotas (empty for none). */
    public Tier withTokenLimits(OptionalLong newTokensPerMinute, OptionalLong newTokensPerDay) {
        return new Tier(
                name, requestsPerMinute, maxConcurrency, baseDelay, aliases, newTokensPerMinute, newTokensPerDay);
    }

    /** The same tier with a token quota per minute and, when positive, per day ({@code 0}: none). */
    public Tier withTokenLimits(long newTokensPerMinute, long newTokensPerDay) {
        return withTokenLimits(
                OptionalLong.of(newTokensPerMinute),
                newTokensPerDay > 0 ? OptionalLong.of(newTokensPerDay) : OptionalLong.empty());
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
