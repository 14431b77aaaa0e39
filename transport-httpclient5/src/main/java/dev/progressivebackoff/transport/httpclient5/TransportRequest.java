package dev.progressivebackoff.transport.httpclient5;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request, immutable and repeatable: the body is buffered, so every transport retry sends the
 * same bytes. A bearer token is kept as an {@link ApiKey} and only turned into an {@code Authorization}
 * header at send time; {@link #toString()} shows neither the key nor the body.
 */
public final class TransportRequest {

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;
    private final ApiKey bearer;

    private TransportRequest(String method, URI uri, Map<String, String> headers, byte[] body, ApiKey bearer) {
        this.method = method;
        this.uri = uri;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.bearer = bearer;
    }

    /** A GET of {@code uri} accepting JSON. */
    public static TransportRequest get(URI uri) {
        return new TransportRequest("GET", checked(uri), Map.of("Accept", "application/json"), null, null);
    }

    /** A POST of the JSON document {@code json} (copied) to {@code uri}. */
    public static TransportRequest postJson(URI uri, byte[] json) {
        Objects.requireNonNull(json, "json");
        return new TransportRequest(
                "POST",
                checked(uri),
                Map.of("Accept", "application/json", "Content-Type", "application/json"),
                json.clone(),
                null);
    }

    /**
     * A POST of {@code json} without copying it: the caller hands the array over and must never change it
     * afterwards (every transport retry sends these bytes). For a body built for this one request.
     */
    public static TransportRequest postJsonOwned(URI uri, byte[] json) {
        Objects.requireNonNull(json, "json");
        return new TransportRequest(
                "POST",
                checked(uri),
                Map.of("Accept", "application/json", "Content-Type", "application/json"),
                json,
                null);
    }

    private static URI checked(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URI: " + uri);
        }
        return uri;
    }

    /** A copy with one more header (replacing one of the same name); not for credentials. */
    public TransportRequest withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equalsIgnoreCase("Authorization")) {
            throw new IllegalArgumentException("set credentials with withBearerToken, so they stay redacted");
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        copy.put(name, value);
        return new TransportRequest(method, uri, copy, body, bearer);
    }

    /** A copy that authenticates with {@code Authorization: Bearer <key>}. */
    public TransportRequest withBearerToken(ApiKey key) {
        return new TransportRequest(method, uri, headers, body, Objects.requireNonNull(key, "key"));
    }

    /** {@code GET}, {@code POST}. */
    public String method() {
        return method;
    }

    /** Where it goes. */
    public URI uri() {
        return uri;
    }

    /** The headers other than {@code Authorization}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A copy of the body; empty for a GET. */
    public byte[] body() {
        return body == null ? new byte[0] : body.clone();
    }

    /** The body itself, not a copy, for the transport that sends it; null for a GET. */
    byte[] bodyBytes() {
        return body;
    }

    /** True if there is a body to send. */
    public boolean hasBody() {
        return body != null;
    }

    /** The bearer token, if any. */
    public Optional<ApiKey> bearerToken() {
        return Optional.ofNullable(bearer);
    }

    /** {@code POST http://host/v1/chat/completions (123 bytes)}: no key, no body. */
    @Override
    public String toString() {
        return method + " " + uri + (body == null ? "" : " (" + body.length + " bytes)");
    }
}
