package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ResponseKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds {@link RateLimitSignals} from a response. PLACEHOLDER: to be completed. */
public final class SignalParser {

    private SignalParser() {
    }

    /** See {@link RateLimitSignals#parse}. */
    public static RateLimitSignals parse(int status, ResponseHeaders headers, ErrorBody body, Instant now) {
        ResponseKind kind = status / 100 == 2 ? ResponseKind.SUCCESS
                : status == 429 ? ResponseKind.RATE_LIMITED
                : status >= 500 ? ResponseKind.TRANSIENT : ResponseKind.FATAL;
        return new RateLimitSignals(status, now, List.of(), Optional.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(),
                body, new Classification(kind, "HTTP " + status));
    }
}
