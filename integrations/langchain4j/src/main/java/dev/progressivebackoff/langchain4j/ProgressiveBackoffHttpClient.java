package dev.progressivebackoff.langchain4j;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.progressivebackoff.client.HeldResponse;
import dev.progressivebackoff.langchain4j.internal.Guards;
import dev.progressivebackoff.langchain4j.internal.Requests;
import dev.progressivebackoff.langchain4j.internal.StreamExchange;
import dev.progressivebackoff.langchain4j.internal.TransportExchange;
import dev.progressivebackoff.langchain4j.internal.UsageSettling;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.StreamedResponse;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * A LangChain4j {@link HttpClient} that sends over the toolkit's transport through the guard of the request's key:
 * each attempt waits for the key's pacer, the tier is read from the response headers, each 429 is waited out as the
 * policy and {@code Retry-After} say, I/O failures and 5xx are retried by the toolkit's transport rules. A final status other than
 * 2xx is thrown as LangChain4j's {@link HttpException}. Streams are retried only before their first byte, and hold
 * their pacer permit until they end (settled with the usage they report). Built by
 * {@link ProgressiveBackoffHttpClientBuilder}; thread-safe.
 */
public final class ProgressiveBackoffHttpClient implements HttpClient {

    private final HttpClient5Transport transport;
    private final Guards guards;
    /** Where streaming calls run, so that {@code execute(request, parser, listener)} returns at once. */
    private final Executor streams;

    ProgressiveBackoffHttpClient(HttpClient5Transport transport, Guards guards, Executor streams) {
        this.transport = transport;
        this.guards = guards;
        this.streams = streams;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        TransportResponse response;
        try {
            response = guards.guardFor(request).send(new TransportExchange(transport, Requests.transport(request)));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        if (!response.isSuccess()) {
            throw new HttpException(response.status(), Requests.redacted(request, response.bodyText()));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(response.status())
                .headers(response.headers().asMap())
                .body(response.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streams.execute(() -> stream(request, parser, listener));
    }

    private void stream(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HeldResponse<StreamedResponse> held;
        try {
            held = guards.guardFor(request).sendHeld(new StreamExchange(transport, Requests.transport(request)));
        } catch (IOException | RuntimeException failure) {
            quietly(() -> listener.onError(failure));
            return;
        }
        // the permit is held until the stream ends or fails: the request is in flight at the server until then
        try (held;
                StreamedResponse response = held.response()) {
            if (!response.isSuccess()) {
                String body = Requests.redacted(
                        request, new String(response.buffered().body(), StandardCharsets.UTF_8));
                quietly(() -> listener.onError(new HttpException(response.status(), body)));
                return;
            }
            SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder()
                    .statusCode(response.status())
                    .headers(response.headers().asMap())
                    .build();
            quietly(() -> listener.onOpen(opened));
            try (InputStream events = response.body()) {
                parser.parse(events, new UsageSettling(listener, held::settle));
            }
            quietly(listener::onClose);
        } catch (IOException | RuntimeException failure) {
            quietly(() -> listener.onError(failure));
        }
    }

    /** Runs a listener's callback; what it throws does not stop the stream's own handling (LangChain4j's rule). */
    private static void quietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException ignored) {
            // the listener's own failure; LangChain4j's clients ignore it too
        }
    }
}
