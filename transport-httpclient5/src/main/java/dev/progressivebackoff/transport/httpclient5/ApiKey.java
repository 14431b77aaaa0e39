package dev.progressivebackoff.transport.httpclient5;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * An API key that does not leak: {@link #toString()} is {@code ***}, and {@link #redact(String)} removes
 * the key from any text (a server that echoes the key in an error message, for instance). Only
 * {@link #reveal()} gives the value, for the {@code Authorization} header.
 */
public final class ApiKey {

    /** What the key is replaced with in text. */
    public static final String REDACTED = "***";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * Wraps {@code value}.
     *
     * @throws IllegalArgumentException if it is blank or contains whitespace or control characters (the
     *                                  message does not repeat the value)
     */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "apiKey");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the API key must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "the API key must not contain whitespace or control characters (at index " + i + ")");
            }
        }
        return new ApiKey(value);
    }

    /** The key itself; use only to build the {@code Authorization} header. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the key replaced by {@value #REDACTED}; null stays null. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, REDACTED);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@value #REDACTED}. */
    @Override
    public String toString() {
        return REDACTED;
    }
}
