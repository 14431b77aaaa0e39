package dev.progressivebackoff.openai.internal;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import dev.progressivebackoff.client.ForeignExchange;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** One request of openai-java, sent by the SDK's own HTTP client, as the toolkit's guard sees it. */
public final class OpenAiExchange implements ForeignExchange<HttpResponse> {

    private final HttpClient delegate;
    private final HttpRequest request;
    private final RequestOptions options;

    public OpenAiExchange(HttpClient delegate, HttpRequest request, RequestOptions options) {
        this.delegate = delegate;
        this.request = request;
        this.options = options;
    }

    @Override
    public HttpResponse send(Runnable onWire) throws IOException {
        onWire.run();
        return buffered(delegate.execute(request, options));
    }

    @Override
    public CompletionStage<HttpResponse> sendAsync(Runnable onWire) {
        onWire.run();
        return delegate.executeAsync(request, options).thenApply(response -> {
            try {
                return buffered(response);
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        });
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
     * its body read once and kept, so that the guard reads its hints and the SDK still reads its error.
     */
    public static HttpResponse buffered(HttpResponse response) throws IOException {
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
            return response;
        }
        try (response;
                InputStream body = response.body()) {
            return new BufferedResponse(status, response.headers(), body.readAllBytes());
        }
    }
}
