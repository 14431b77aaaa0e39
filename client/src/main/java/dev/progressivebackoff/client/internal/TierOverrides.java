package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.Tier;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The quotas the user gave, which override every tier's, configured or detected ({@code --rpm}, {@code --tpm},
 * {@code --tpd}).
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute
 * @param tpd tokens per day
 */
public record TierOverrides(OptionalInt rpm, OptionalLong tpm, OptionalLong tpd) {

    /** Nothing overridden. */
    public static final TierOverrides NONE =
            new TierOverrides(OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty());

    public TierOverrides {
        Objects.requireNonNull(rpm, "rpm");
        Objects.requireNonNull(tpm, "tpm");
        Objects.requireNonNull(tpd, "tpd");
    }

    /** Only an RPM overridden. */
    public static TierOverrides ofRpm(OptionalInt rpm) {
        return new TierOverrides(rpm, OptionalLong.empty(), OptionalLong.empty());
    }

    /** {@code tier} with the overridden quotas; the same tier when none differs. */
    public Tier apply(Tier tier) {
        Tier result = tier;
        if (rpm.isPresent() && rpm.getAsInt() != tier.requestsPerMinute()) {
            result = result.withRpm(rpm.getAsInt());
        }
        if (tpm.isPresent() || tpd.isPresent()) {
            result = result.withTokenLimits(
                    tpm.isPresent() ? tpm : result.tokensPerMinute(), tpd.isPresent() ? tpd : result.tokensPerDay());
        }
        return result;
    }
}
