package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.RequestQuota;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The quota figures one family of headers announced (OpenAI, Anthropic, IETF, legacy); families are
 * merged field by field, the first family that has a field winning.
 *
 * @param requestQuota      requests per window
 * @param remainingRequests requests left
 * @param resetRequests     time until the request window resets
 * @param tokenQuota        tokens per window
 * @param remainingTokens   tokens left
 * @param resetTokens       time until the token window resets
 */
public record QuotaFigures(
        Optional<RequestQuota> requestQuota,
        OptionalLong remainingRequests,
        Optional<Duration> resetRequests,
        Optional<RequestQuota> tokenQuota,
        OptionalLong remainingTokens,
        Optional<Duration> resetTokens) {

    /** No figures at all. */
    public static final QuotaFigures NONE = new QuotaFigures(
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty());

    public QuotaFigures {
        Objects.requireNonNull(requestQuota, "requestQuota");
        Objects.requireNonNull(remainingRequests, "remainingRequests");
        Objects.requireNonNull(resetRequests, "resetRequests");
        Objects.requireNonNull(tokenQuota, "tokenQuota");
        Objects.requireNonNull(remainingTokens, "remainingTokens");
        Objects.requireNonNull(resetTokens, "resetTokens");
    }

    /** Figures for requests only. */
    public static QuotaFigures ofRequests(
            Optional<RequestQuota> quota, OptionalLong remaining, Optional<Duration> reset) {
        return new QuotaFigures(quota, remaining, reset, Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    /** Each field from this, or from {@code fallback} where this has none. */
    public QuotaFigures or(QuotaFigures fallback) {
        return new QuotaFigures(
                requestQuota.or(fallback::requestQuota),
                remainingRequests.isPresent() ? remainingRequests : fallback.remainingRequests,
                resetRequests.or(fallback::resetRequests),
                tokenQuota.or(fallback::tokenQuota),
                remainingTokens.isPresent() ? remainingTokens : fallback.remainingTokens,
                resetTokens.or(fallback::resetTokens));
    }

    /** An optional count as an {@link OptionalLong}. */
    static OptionalLong toOptionalLong(Optional<Long> value) {
        return value.map(OptionalLong::of).orElseGet(OptionalLong::empty);
    }
}
