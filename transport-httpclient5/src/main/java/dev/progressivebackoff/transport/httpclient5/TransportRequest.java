package dev.progressivebackoff.transport.httpclient5;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request, immutable and repeatable: the body is buffered, so every transport retry sends the
 * same bytes. Any method ({@link #of}), with a JSON body, raw bytes of any content type
 * ({@link #withBody(byte[], String)}) or a {@link MultipartBody}. A bearer token is kept as an {@link ApiKey}
 * and only turned into an {@code Authorization} header at send time; {@link #toString()} shows neither the key
 * nor the body.
 */
public final class TransportRequest {

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;
    /** The body's media type, sent as the entity's {@code Content-Type}; JSON unless a body says otherwise. */
    private final String contentType;

    private final ApiKey bearer;

    private TransportRequest(String method, URI uri, Map<String, String> headers, byte[] body, ApiKey bearer) {
        this(method, uri, headers, body, JSON, bearer);
    }

    private TransportRequest(
            String method, URI uri, Map<String, String> headers, byte[] body, String contentType, ApiKey bearer) {
        this.method = method;
        this.uri = uri;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.contentType = contentType;
        this.bearer = bearer;
    }

    private static final String JSON = "application/json";

    /**
     * A request of any method ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, ...) to
     * {@code uri} accepting JSON, without a body; add one with {@link #withJsonBody} or {@link #withBody}.
     *
     * @param method an HTTP method token, e.g. {@code PUT}
     * @param uri    an absolute http(s) URI
     * @return the request
     * @throws IllegalArgumentException the method is not a token of upper-case letters, or the URI not absolute
     */
    public static TransportRequest of(String method, URI uri) {
        Objects.requireNonNull(method, "method");
        if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        return new TransportRequest(method, checked(uri), Map.of("Accept", JSON), null, null);
    }

    /**
     * A copy with {@code json} (copied) as its body, sent as {@code application/json}.
     *
     * @param json a JSON document, UTF-8
     * @return the request with that body
     */
    public TransportRequest withJsonBody(byte[] json) {
        return withBody(json, JSON);
    }

    /**
     * A copy with {@code bytes} (copied) as its body, of the given media type: any bytes, e.g. a form or a file.
     *
     * @param bytes       the body
     * @param contentType its {@code Content-Type}, e.g. {@code text/csv; charset=UTF-8}
     * @return the request with that body
     */
    public TransportRequest withBody(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
        return new TransportRequest(method, uri, copy, bytes.clone(), contentType, bearer);
    }

    /**
     * A copy with a multipart body (e.g. a file upload), sent with its boundary in the {@code Content-Type}.
     *
     * @param multipart the parts
     * @return the request with that body
     */
    public TransportRequest withBody(MultipartBody multipart) {
        return withBody(multipart.bytes(), multipart.contentType());
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
        return new TransportRequest(method, uri, copy, body, contentType, bearer);
    }

    /** A copy that authenticates with {@code Authorization: Bearer <key>}. */
    public TransportRequest withBearerToken(ApiKey key) {
        return new TransportRequest(method, uri, headers, body, contentType, Objects.requireNonNull(key, "key"));
    }

    /** {@code GET}, {@code POST}, {@code PUT}, ... */
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

    /** The body's media type ({@code application/json} unless given); meaningful only with a body. */
    public String contentType() {
        return contentType;
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
