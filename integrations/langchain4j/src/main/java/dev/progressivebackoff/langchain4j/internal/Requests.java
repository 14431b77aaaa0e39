package dev.progressivebackoff.langchain4j.internal;

import dev.langchain4j.http.client.FormDataFile;
import dev.langchain4j.http.client.HttpRequest;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.MultipartBody;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** LangChain4j's requests in the toolkit's terms: the transport request, the API key, the endpoint. */
public final class Requests {

    /** Headers the transport sets itself, or that carry the key (sent as the bearer token, redacted). */
    private static final Set<String> NOT_COPIED = Set.of("authorization", "content-type", "content-length", "host");

    /** The paths OpenAI-compatible APIs serve below their endpoint: what is left of a URL without them is the endpoint. */
    private static final List<String> RESOURCES = List.of(
            "/chat/completions",
            "/completions",
            "/embeddings",
            "/moderations",
            "/images/",
            "/audio/",
            "/models",
            "/responses",
            "/files",
            "/batches");

    private Requests() {}

    /** The request as the toolkit's transport sends it; the key goes as its bearer token. */
    public static TransportRequest transport(HttpRequest request) {
        TransportRequest converted = TransportRequest.of(request.method().name(), URI.create(request.url()));
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            List<String> values = header.getValue();
            if (values != null && !values.isEmpty() && !NOT_COPIED.contains(lower(header.getKey()))) {
                converted = converted.withHeader(header.getKey(), String.join(", ", values));
            }
        }
        converted = withBody(converted, request);
        Optional<String> key = apiKey(request);
        return key.isPresent() ? converted.withBearerToken(ApiKey.of(key.get())) : converted;
    }

    private static TransportRequest withBody(TransportRequest converted, HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            MultipartBody.Builder multipart = MultipartBody.builder();
            request.formDataFields().forEach(multipart::addText);
            for (Map.Entry<String, FormDataFile> file : request.formDataFiles().entrySet()) {
                FormDataFile f = file.getValue();
                multipart.addFile(file.getKey(), f.fileName(), f.contentType(), f.content());
            }
            return converted.withBody(multipart.build());
        }
        if (request.body() == null) {
            return converted;
        }
        String contentType = header(request, "content-type").orElse("application/json");
        return converted.withBody(request.body().getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** The API key: the bearer token, else an {@code api-key} header (Azure's way). */
    public static Optional<String> apiKey(HttpRequest request) {
        Optional<String> bearer = header(request, "authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip())
                .filter(value -> !value.isEmpty());
        return bearer.isPresent() ? bearer : header(request, "api-key");
    }

    /** {@code text} (an error body LangChain4j puts in its exception's message) without the request's API key. */
    public static String redacted(HttpRequest request, String text) {
        Optional<String> key = apiKey(request);
        return key.isPresent() ? ApiKey.of(key.get()).redact(text) : text;
    }

    /**
     * The endpoint a request's URL is below: {@code http://host/v1/chat/completions} is below {@code http://host/v1}.
     * A URL naming no known resource is its own parent.
     */
    public static String endpoint(String url) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        for (String resource : RESOURCES) {
            int at = path.lastIndexOf(resource);
            if (at > path.indexOf("://") + 3) {
                return path.substring(0, at);
            }
        }
        int slash = path.lastIndexOf('/');
        return slash > path.indexOf("://") + 2 ? path.substring(0, slash) : path;
    }

    private static Optional<String> header(HttpRequest request, String name) {
        return request.headers().entrySet().stream()
                .filter(h -> lower(h.getKey()).equals(name)
                        && h.getValue() != null
                        && !h.getValue().isEmpty())
                .map(h -> h.getValue().get(0))
                .findFirst();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
