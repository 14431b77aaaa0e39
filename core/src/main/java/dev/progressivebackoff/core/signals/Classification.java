package dev.progressivebackoff.core.signals;

import java.util.Objects;

/**
 * A response's {@link ResponseKind} and why.
 *
 * @param kind   what to do with it
 * @param reason a short explanation, e.g. {@code "insufficient_quota: billing or quota exhausted"}
 */
public record Classification(ResponseKind kind, String reason) {

    public Classification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** True for {@link ResponseKind#RATE_LIMITED}. */
    public boolean isRetryableRateLimit() {
        return kind == ResponseKind.RATE_LIMITED;
    }
}
