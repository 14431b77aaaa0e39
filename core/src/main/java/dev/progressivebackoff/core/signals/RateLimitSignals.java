package dev.progressivebackoff.core.signals;

import dev.progressivebackoff.core.internal.SignalParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything one response says about rate limits, parsed once.
 *
 * @param status            the HTTP status
 * @param measuredAt        the instant HTTP dates and RFC 3339 resets were measured against: the
 *                          response's {@code Date} header when valid, else the time source's now
 * @param hints             every valid server wait hint, strongest first (see {@link WaitSource})
 * @param requestQuota      the announced request quota, for tier detection
 * @param remainingRequests requests left in the current window
 * @param resetRequests     time until the request window resets
 * @param tokenQuota        the announced token quota
 * @param remainingTokens   tokens left in the current window
 * @param resetTokens       time until the token window resets
 * @param shouldRetry       the server's {@code x-should-retry} verdict, when sent
 * @param errorBody         the parsed error body ({@link ErrorBody#EMPTY} when none)
 * @param classification    retryable or not, and why
 * @param windows           every quota window announced with its own figures (OpenAI-style headers with or
 *                          without a {@code -minute}/{@code -hour}/{@code -day} suffix), for budgets per window
 */
public record RateLimitSignals(
        int status,
        Instant measuredAt,
        List<ServerHint> hints,
        Optional<RequestQuota> requestQuota,
        OptionalLong remainingRequests,
        Optional<Duration> resetRequests,
        Optional<RequestQuota> tokenQuota,
        OptionalLong remainingTokens,
        Optional<Duration> resetTokens,
        Optional<Boolean> shouldRetry,
        ErrorBody errorBody,
        Classification classification,
        List<WindowQuota> windows) {

    public RateLimitSignals {
        windows = List.copyOf(windows);
        Objects.requireNonNull(measuredAt, "measuredAt");
        hints = List.copyOf(hints);
        Objects.requireNonNull(requestQuota, "requestQuota");
        Objects.requireNonNull(remainingRequests, "remainingRequests");
        Objects.requireNonNull(resetRequests, "resetRequests");
        Objects.requireNonNull(tokenQuota, "tokenQuota");
        Objects.requireNonNull(remainingTokens, "remainingTokens");
        Objects.requireNonNull(resetTokens, "resetTokens");
        Objects.requireNonNull(shouldRetry, "shouldRetry");
        Objects.requireNonNull(errorBody, "errorBody");
        Objects.requireNonNull(classification, "classification");
    }

    /** Signals without per-window figures. */
    public RateLimitSignals(
            int status,
            Instant measuredAt,
            List<ServerHint> hints,
            Optional<RequestQuota> requestQuota,
            OptionalLong remainingRequests,
            Optional<Duration> resetRequests,
            Optional<RequestQuota> tokenQuota,
            OptionalLong remainingTokens,
            Optional<Duration> resetTokens,
            Optional<Boolean> shouldRetry,
            ErrorBody errorBody,
            Classification classification) {
        this(
                status,
                measuredAt,
                hints,
                requestQuota,
                remainingRequests,
                resetRequests,
                tokenQuota,
                remainingTokens,
                resetTokens,
                shouldRetry,
                errorBody,
                classification,
                List.of());
    }

    /**
     * Parses a response. Never throws for malformed header values or bodies: they are ignored.
     *
     * @param status  the HTTP status
     * @param headers the response headers
     * @param body    the parsed error body, or {@link ErrorBody#EMPTY}
     * @param now     the time source's current instant, used when there is no valid {@code Date} header
     */
    public static RateLimitSignals parse(int status, ResponseHeaders headers, ErrorBody body, Instant now) {
        return SignalParser.parse(status, headers, body, now);
    }

    /** The strongest server hint, if the server gave any. */
    public Optional<ServerHint> preferredHint() {
        return hints.isEmpty() ? Optional.empty() : Optional.of(hints.get(0));
    }

    /** The server's message, if the body had one. */
    public Optional<String> serverMessage() {
        return errorBody.messageValue();
    }
}
