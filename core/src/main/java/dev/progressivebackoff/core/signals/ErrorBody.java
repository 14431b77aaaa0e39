package dev.progressivebackoff.core.signals;

import java.util.Optional;

/**
 * The parts of an error response body that decide what to do: the provider's error {@code type},
 * {@code code} and human {@code message}. The transport fills it from JSON (OpenAI, Moonshot and
 * Anthropic shapes); a body that is not JSON keeps its text as the message. Any part may be null.
 *
 * @param type    e.g. {@code rate_limit_reached_error}, {@code insufficient_quota}
 * @param code    e.g. {@code rate_limit_exceeded}, {@code insufficient_quota}
 * @param message the server's explanation, possibly with a retry hint in it
 */
public record ErrorBody(String type, String code, String message) {

    /** No body, or nothing useful in it. */
    public static final ErrorBody EMPTY = new ErrorBody(null, null, null);

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

    /** True if no part is present. */
    public boolean isEmpty() {
        return type == null && code == null && message == null;
    }
}
