package dev.progressivebackoff.transport.httpclient5;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key that does not leak: {@link #toString()} is {@code ***}, and {@link #redact(String)} removes
 * the key from any text (a server that echoes the key in an error message, for instance). Only
 * {@link #reveal()} gives the value, for the {@code Authorization} header.
 */
public final class ApiKey {

    /** What the key is replaced with in text. */
    public static final String REDACTED = "***";

    /** The shortest part of a key redacted on its own (shorter would hide ordinary words). */
    private static final int MIN_REDACTED_PART = 8;

    private final String value;
    private final List<Pattern> echoes;

    private ApiKey(String value) {
        this.value = value;
        this.echoes = echoes(value);
    }

    /**
     * What a server's echo of the key may look like: the key in any letter case, and the key without its
     * {@code sk-} prefix (longest first, so the whole key is replaced before a part of it).
     */
    private static List<Pattern> echoes(String value) {
        List<Pattern> patterns = new ArrayList<>();
        patterns.add(Pattern.compile(Pattern.quote(value), Pattern.CASE_INSENSITIVE));
        int dash = value.indexOf('-');
        String body = value.substring(dash + 1);
        if (dash >= 0 && dash <= 8 && body.length() >= MIN_REDACTED_PART) {
            patterns.add(Pattern.compile(Pattern.quote(body), Pattern.CASE_INSENSITIVE));
        }
        return List.copyOf(patterns);
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

    /**
     * {@code text} with every occurrence of the key replaced by {@value #REDACTED} — in any letter case, and
     * without its {@code sk-} prefix too; null stays null.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (Pattern echo : echoes) {
            redacted = echo.matcher(redacted).replaceAll(Matcher.quoteReplacement(REDACTED));
        }
        return redacted;
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
