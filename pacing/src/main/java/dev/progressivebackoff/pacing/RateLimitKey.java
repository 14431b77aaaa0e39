package dev.progressivebackoff.pacing;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a rate limit is counted against: an endpoint and an API key. Only a fingerprint of the key is kept
 * (the first 12 hex digits of its SHA-256), never the key itself, so a key can be logged and compared freely.
 *
 * @param endpoint       the normalised endpoint: for a URL, lower-case scheme and host, port, path without
 *                       trailing slash; user info, query and fragment dropped
 * @param keyFingerprint 12 lower-case hex digits, or {@value #NO_KEY} for requests without a key
 */
public record RateLimitKey(String endpoint, String keyFingerprint) {

    /** The fingerprint of a missing or blank API key. */
    public static final String NO_KEY = "none";

    private static final int FINGERPRINT_HEX_DIGITS = 12;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{" + FINGERPRINT_HEX_DIGITS + "}");

    public RateLimitKey {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank");
        }
        if (!NO_KEY.equals(keyFingerprint)
                && !FINGERPRINT.matcher(keyFingerprint).matches()) {
            throw new IllegalArgumentException("keyFingerprint must be 12 lower-case hex digits or " + NO_KEY);
        }
    }

    /**
     * The key for {@code endpoint} (e.g. {@code https://api.moonshot.ai/v1}) and {@code apiKey}, which is
     * fingerprinted and not kept.
     *
     * @param apiKey the API key; null or blank for none
     */
    public static RateLimitKey of(String endpoint, String apiKey) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new RateLimitKey(normalise(endpoint), fingerprint(apiKey));
    }

    /** The key for {@code endpoint} and {@code apiKey}; see {@link #of(String, String)}. */
    public static RateLimitKey of(URI endpoint, String apiKey) {
        Objects.requireNonNull(endpoint, "endpoint");
        return of(endpoint.toString(), apiKey);
    }

    /** The first 12 hex digits of the SHA-256 of {@code apiKey} (UTF-8), or {@value #NO_KEY} if null or blank. */
    public static String fingerprint(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return NO_KEY;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, FINGERPRINT_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }

    /** {@code https://api.moonshot.ai/v1 [key 1a2b3c4d5e6f]}: safe to print. */
    @Override
    public String toString() {
        return endpoint + " [key " + keyFingerprint + "]";
    }

    private static String normalise(String endpoint) {
        String trimmed = endpoint.trim();
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return stripTrailingSlashes(trimmed);
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return stripTrailingSlashes(uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                    + uri.getHost().toLowerCase(Locale.ROOT) + port + path);
        } catch (URISyntaxException notAUri) {
            return stripTrailingSlashes(trimmed);
        }
    }

    private static String stripTrailingSlashes(String value) {
        int end = value.length();
        while (end > 1 && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(0, end);
    }
}
