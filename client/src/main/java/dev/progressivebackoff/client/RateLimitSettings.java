package dev.progressivebackoff.client;

import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.core.policy.TierDetectors;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How the teacher client handles rate limits, with the documented defaults ({@link #defaults()}): the tier, the
 * 429 backoff and pacing. Tier, policy and detector are names, resolved when the client is built (the tier
 * against its catalog, the others among the registered providers), so these settings load from a file as they are.
 *
 * @param tier                a tier name from the catalog, or {@value #AUTO_TIER} to detect it
 * @param rpm                 a requests-per-minute figure that overrides the tier's (a custom tier)
 * @param maxRateLimitRetries rate-limit (429) retries (6: 7 attempts)
 * @param backoffFactor       the 429 growth factor: waits are base(tier) × factor^(n−1) (2.0)
 * @param maxServerWait       the longest server-requested wait obeyed (900 s); longer ones fail fast
 * @param jitter              randomisation of computed rate-limit waits ({@link Jitter#NONE})
 * @param policy              the backoff policy's registered name ({@code tier-aware-exponential})
 * @param tierDetector        the tier detector's registered name ({@code headers})
 * @param skipTierDetection   send no request just to detect the tier (headers of real responses still count)
 * @param pace                space requests at the tier's rate before they are sent (on)
 * @param tpm                 a tokens-per-minute figure that overrides the tier's
 * @param tpd                 a tokens-per-day figure that overrides the tier's
 * @param tokenWindow         the window the provider counts its per-minute tokens over (60 s: it admits
 *                            TPM × window / 60 s tokens in it)
 */
public record RateLimitSettings(
        String tier,
        OptionalInt rpm,
        int maxRateLimitRetries,
        double backoffFactor,
        Duration maxServerWait,
        Jitter jitter,
        String policy,
        String tierDetector,
        boolean skipTierDetection,
        boolean pace,
        OptionalLong tpm,
        OptionalLong tpd,
        Duration tokenWindow) {

    /** The tier value that asks for detection. */
    public static final String AUTO_TIER = "auto";
    /** 6 retries: 7 attempts. */
    public static final int DEFAULT_MAX_RATE_LIMIT_RETRIES = 6;
    /** Each wait twice the one before. */
    public static final double DEFAULT_BACKOFF_FACTOR = 2.0;
    /** 900 s. */
    public static final Duration DEFAULT_MAX_SERVER_WAIT = Duration.ofSeconds(900);
    /** A minute. */
    public static final Duration DEFAULT_TOKEN_WINDOW = Duration.ofMinutes(1);

    public RateLimitSettings {
        tier = nonBlank("tier", tier);
        Objects.requireNonNull(rpm, "rpm");
        if (rpm.isPresent() && rpm.getAsInt() <= 0) {
            throw new IllegalArgumentException("rpm must be positive: " + rpm.getAsInt());
        }
        if (maxRateLimitRetries < 0) {
            throw new IllegalArgumentException("maxRateLimitRetries must not be negative: " + maxRateLimitRetries);
        }
        if (!(backoffFactor >= 1.0) || Double.isInfinite(backoffFactor)) {
            throw new IllegalArgumentException("backoffFactor must be a finite number >= 1.0: " + backoffFactor);
        }
        Objects.requireNonNull(maxServerWait, "maxServerWait");
        if (maxServerWait.isNegative()) {
            throw new IllegalArgumentException("maxServerWait must not be negative: " + maxServerWait);
        }
        Objects.requireNonNull(jitter, "jitter");
        policy = nonBlank("policy", policy);
        tierDetector = nonBlank("tierDetector", tierDetector);
        positive("tpm", tpm);
        positive("tpd", tpd);
        Objects.requireNonNull(tokenWindow, "tokenWindow");
        if (tokenWindow.isNegative() || tokenWindow.isZero()) {
            throw new IllegalArgumentException("tokenWindow must be positive: " + tokenWindow);
        }
    }

    private static void positive(String field, OptionalLong value) {
        Objects.requireNonNull(value, field);
        if (value.isPresent() && value.getAsLong() <= 0) {
            throw new IllegalArgumentException(field + " must be positive: " + value.getAsLong());
        }
    }

    /** The documented defaults: tier {@code auto}, 6 rate-limit retries, factor 2.0, no jitter, paced. */
    public static RateLimitSettings defaults() {
        return new Builder().build();
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True if the tier is to be detected rather than configured. */
    public boolean isAutoTier() {
        return tier.equalsIgnoreCase(AUTO_TIER);
    }

    private static String nonBlank(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value.trim();
    }

    /**
     * Builds {@link RateLimitSettings} field by field; not thread-safe. Values are checked when {@link #build()}
     * runs (the record's constructor names the offending field).
     */
    public static final class Builder {
        private String tier = AUTO_TIER;
        private OptionalInt rpm = OptionalInt.empty();
        private int maxRateLimitRetries = DEFAULT_MAX_RATE_LIMIT_RETRIES;
        private double backoffFactor = DEFAULT_BACKOFF_FACTOR;
        private Duration maxServerWait = DEFAULT_MAX_SERVER_WAIT;
        private Jitter jitter = Jitter.NONE;
        private String policy = BackoffPolicies.DEFAULT_NAME;
        private String tierDetector = TierDetectors.DEFAULT_NAME;
        private boolean skipTierDetection;
        private boolean pace = true;
        private OptionalLong tpm = OptionalLong.empty();
        private OptionalLong tpd = OptionalLong.empty();
        private Duration tokenWindow = DEFAULT_TOKEN_WINDOW;

        private Builder() {}

        private Builder(RateLimitSettings from) {
            tier = from.tier;
            rpm = from.rpm;
            maxRateLimitRetries = from.maxRateLimitRetries;
            backoffFactor = from.backoffFactor;
            maxServerWait = from.maxServerWait;
            jitter = from.jitter;
            policy = from.policy;
            tierDetector = from.tierDetector;
            skipTierDetection = from.skipTierDetection;
            pace = from.pace;
            tpm = from.tpm;
            tpd = from.tpd;
            tokenWindow = from.tokenWindow;
        }

        /** A tier name from the catalog, or {@value #AUTO_TIER} to detect it. */
        public Builder withTier(String value) {
            this.tier = value;
            return this;
        }

        /** A requests-per-minute figure that overrides the tier's. */
        public Builder withRpm(int value) {
            return withRpm(OptionalInt.of(value));
        }

        /** A requests-per-minute override, or empty for the tier's own. */
        public Builder withRpm(OptionalInt value) {
            this.rpm = value;
            return this;
        }

        /** Rate-limit (429) retries (6: 7 attempts). */
        public Builder withMaxRateLimitRetries(int value) {
            this.maxRateLimitRetries = value;
            return this;
        }

        /** The 429 growth factor (2.0). */
        public Builder withBackoffFactor(double value) {
            this.backoffFactor = value;
            return this;
        }

        /** The longest server-requested wait obeyed (900 s). */
        public Builder withMaxServerWait(Duration value) {
            this.maxServerWait = value;
            return this;
        }

        /** Randomisation of computed rate-limit waits. */
        public Builder withJitter(Jitter value) {
            this.jitter = value;
            return this;
        }

        /** The backoff policy, by its registered name (see {@link BackoffPolicies}). */
        public Builder withPolicy(String value) {
            this.policy = value;
            return this;
        }

        /** The tier detector, by its registered name (see {@link TierDetectors}). */
        public Builder withTierDetector(String value) {
            this.tierDetector = value;
            return this;
        }

        /** Whether to send no request just to detect the tier. */
        public Builder withSkipTierDetection(boolean value) {
            this.skipTierDetection = value;
            return this;
        }

        /** Whether requests are paced. */
        public Builder withPace(boolean value) {
            this.pace = value;
            return this;
        }

        /** A tokens-per-minute override, or empty for the tier's own. */
        public Builder withTpm(OptionalLong value) {
            this.tpm = value;
            return this;
        }

        /** A tokens-per-day override, or empty for the tier's own. */
        public Builder withTpd(OptionalLong value) {
            this.tpd = value;
            return this;
        }

        /** The window the provider counts its per-minute tokens over (60 s). */
        public Builder withTokenWindow(Duration value) {
            this.tokenWindow = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the first invalid field. */
        public RateLimitSettings build() {
            return new RateLimitSettings(
                    tier,
                    rpm,
                    maxRateLimitRetries,
                    backoffFactor,
                    maxServerWait,
                    jitter,
                    policy,
                    tierDetector,
                    skipTierDetection,
                    pace,
                    tpm,
                    tpd,
                    tokenWindow);
        }
    }
}
