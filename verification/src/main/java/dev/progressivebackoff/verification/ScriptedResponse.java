package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.time.Instant;
import java.util.Objects;

/**
 * One answer a {@link ScheduleReplay} gives: either an HTTP response (status, headers, error body) parsed
 * the way production parses it, or ready-made {@link RateLimitSignals}.
 */
public sealed interface ScriptedResponse {

    /** The signals this answer carries when sent at {@code now} (the simulated clock's instant). */
    RateLimitSignals signalsAt(Instant now);

    /** A plain 429: no headers, no body. */
    static ScriptedResponse rateLimited() {
        return new Http(429, ResponseHeaders.EMPTY, ErrorBody.EMPTY);
    }

    /** A plain 200. */
    static ScriptedResponse ok() {
        return new Http(200, ResponseHeaders.EMPTY, ErrorBody.EMPTY);
    }

    /** An HTTP response, parsed with {@link RateLimitSignals#parse} when it is sent. */
    static ScriptedResponse of(int status, ResponseHeaders headers, ErrorBody body) {
        return new Http(status, headers, body);
    }

    /** Signals built by hand, sent as they are. */
    static ScriptedResponse of(RateLimitSignals signals) {
        return new Prepared(signals);
    }

    /**
     * An HTTP response.
     *
     * @param status  the HTTP status
     * @param headers the response headers
     * @param body    the parsed error body, or {@link ErrorBody#EMPTY}
     */
    record Http(int status, ResponseHeaders headers, ErrorBody body) implements ScriptedResponse {
        public Http {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
        }

        @Override
        public RateLimitSignals signalsAt(Instant now) {
            return RateLimitSignals.parse(status, headers, body, now);
        }
    }

    /**
     * Signals built by hand.
     *
     * @param signals sent as they are, whatever the time
     */
    record Prepared(RateLimitSignals signals) implements ScriptedResponse {
        public Prepared {
            Objects.requireNonNull(signals, "signals");
        }

        @Override
        public RateLimitSignals signalsAt(Instant now) {
            return signals;
        }
    }
}
