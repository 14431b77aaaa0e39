package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Objects;

/**
 * What one send produced.
 *
 * @param signals the response's parsed signals (status, hints, classification)
 * @param value   the success value; null unless the response was a success
 * @param <T>     the success value's type
 */
public record ExchangeResult<T>(RateLimitSignals signals, T value) {

    public ExchangeResult {
        Objects.requireNonNull(signals, "signals");
    }

    /** A response with no value (any error). */
    public static <T> ExchangeResult<T> withoutValue(RateLimitSignals signals) {
        return new ExchangeResult<>(signals, null);
    }
}
