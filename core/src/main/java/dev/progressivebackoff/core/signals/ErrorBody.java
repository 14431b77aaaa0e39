package dev.progressivebackoff.core.signals;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an error response body that decide what to do: the provider's error {@code type},
 * {@code code} and human {@code message}, and Google's structured details (the {@code google.rpc.RetryInfo}
 * delay and the {@code google.rpc.QuotaFailure} quota ids). The transport fills it from JSON (OpenAI,
 * Moonshot, Anthropic and Google shapes); a body that is not JSON keeps its text as the message. Any of the
 * first four parts may be null.
 *
 * @param type       e.g. {@code rate_limit_reached_error}, {@code insufficient_quota}
 * @param code       e.g. {@code rate_limit_exceeded}, {@code insufficient_quota}
 * @param message    the server's explanation, possibly with a retry hint in it
 * @param retryDelay {@code RetryInfo.retryDelay} as sent (a protobuf duration such as {@code "37s"})
 * @param quotaIds   the {@code quotaId} (or else {@code quotaMetric}) of each {@code QuotaFailure} violation,
 *                   e.g. {@code GenerateRequestsPerMinutePerProjectPerModel}
 */
public record ErrorBody(String type, String code, String message, String retryDelay, List<String> quotaIds) {

    /** No body, or nothing useful in it. */
    public static final ErrorBody EMPTY = new ErrorBody(null, null, null);

    public ErrorBody {
        quotaIds = quotaIds == null ? List.of() : List.copyOf(quotaIds);
    }

    /** A body with a type, a code and a message only. */
    public ErrorBody(String type, String code, String message) {
        this(type, code, message, null, List.of());
    }

    /** A body that was not JSON: its text is the message. */
    public static ErrorBody ofText(String text) {
        return new ErrorBody(null, null, text);
    }

    /** The type, if any. */
    public Optional<String> typeValue() {
        return Optional.ofNullable(type);
    }

    /** The code, if any. */
    public Optional<String> codeValue() {
        return Optional.ofNullable(code);
    }

    /** The message, if any. */
    public Optional<String> messageValue() {
        return Optional.ofNullable(message);
    }

    /** {@code RetryInfo.retryDelay} as sent, if any. */
    public Optional<String> retryDelayValue() {
        return Optional.ofNullable(retryDelay);
    }

    /** True if no part is present. */
    public boolean isEmpty() {
        return type == null && code == null && message == null && retryDelay == null && quotaIds.isEmpty();
    }
}
