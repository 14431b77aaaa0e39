package dev.progressivebackoff.openai.internal;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import dev.progressivebackoff.client.ForeignExchange;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.support.AsyncFailures;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * One request of openai-java, sent by the SDK's own HTTP client, as the toolkit's guard sees it. The SDK's I/O failures
 * ({@link OpenAIIoException}) reach the guard as the {@link IOException}s they wrap, for its transport retries; the
 * error body of a response other than 2xx is read (bounded) with the API key and secret headers' values redacted,
 * since the SDK puts it in its exceptions.
 */
public final class OpenAiExchange implements ForeignExchange<HttpResponse> {

    /** The most of an error body read and handed to the SDK (error bodies are small; a larger one is cut). */
    static final int MAX_ERROR_BODY = 256 * 1024;

    /** The request headers whose values are secrets: never echoed back to the user from an error body. */
    /** Shorter values are not redacted: replacing a few common characters would garble the message, hiding nothing. */
    private static final int MIN_SECRET = 8;

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "api-key", "openai-organization");

    private final HttpClient delegate;
    private final HttpRequest request;
    private final RequestOptions options;
    private final UnaryOperator<String> redactor;

    /**
     * One request.
     *
     * @param redactor removes the guard's API key and secret header values from text (the request's own are removed
     *                 too)
     */
    public OpenAiExchange(
            HttpClient delegate, HttpRequest request, RequestOptions options, UnaryOperator<String> redactor) {
        this.delegate = delegate;
        this.request = request;
        this.options = options;
        this.redactor = redactor;
    }

    @Override
    public HttpResponse send(Runnable onWire) throws IOException {
        onWire.run();
        HttpResponse response;
        try {
            response = delegate.execute(request, options);
        } catch (OpenAIIoException failure) {
            throw ioFailure(failure);
        }
        return buffered(response);
    }

    @Override
    public CompletionStage<HttpResponse> sendAsync(Runnable onWire) {
        onWire.run();
        return delegate.executeAsync(request, options).handle((response, failure) -> {
            try {
                if (failure != null) {
                    Throwable cause = AsyncFailures.cause(failure);
                    throw cause instanceof OpenAIIoException io
                            ? new CompletionException(ioFailure(io))
                            : new CompletionException(cause);
                }
                return buffered(response);
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        });
    }

    /** The I/O failure the SDK wrapped, or an {@link IOException} carrying the SDK's. */
    private static IOException ioFailure(OpenAIIoException failure) {
        return failure.getCause() instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
    }

    @Override
    public Optional<URI> uri() {
        try {
            return Optional.of(URI.create(request.url()));
        } catch (IllegalArgumentException unparsable) {
            return Optional.empty();
        }
    }

    @Override
    public int status(HttpResponse response) {
        return response.statusCode();
    }

    @Override
    public ResponseHeaders headers(HttpResponse response) {
        return headersOf(response.headers());
    }

    /** The SDK's headers as the toolkit reads them. */
    public static ResponseHeaders headersOf(Headers headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : headers.names()) {
            map.put(name, headers.values(name));
        }
        return ResponseHeaders.of(map);
    }

    @Override
    public byte[] errorBody(HttpResponse response) throws IOException {
        return ((BufferedResponse) response).bytes();
    }

    @Override
    public void discard(HttpResponse response) {
        response.close();
    }

    /**
     * {@code response} as the guard receives it: a 2xx untouched (its body streams to the SDK), any other status with
     * its body read once (at most {@link #MAX_ERROR_BODY} bytes), redacted and kept, so that the guard reads its hints
     * and the SDK still reads its error.
     */
    HttpResponse buffered(HttpResponse response) throws IOException {
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
            return response;
        }
        byte[] bytes;
        try (response;
                InputStream body = response.body()) {
            bytes = body.readNBytes(MAX_ERROR_BODY);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String safe = redacted(text);
        byte[] kept = safe.equals(text) ? bytes : safe.getBytes(StandardCharsets.UTF_8);
        return new BufferedResponse(status, response.headers(), kept);
    }

    /** {@code text} without the guard's secrets nor the request's own (its bearer token, its key headers). */
    String redacted(String text) {
        String safe = redactor.apply(text);
        for (String name : request.headers().names()) {
            if (!SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : request.headers().values(name)) {
                String secret = value.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? value.substring(7).strip()
                        : value;
                if (secret.length() >= MIN_SECRET) {
                    safe = safe.replace(secret, ApiKey.REDACTED);
                }
            }
        }
        return safe;
    }
}
