package dev.progressivebackoff.langchain4j.internal;

import dev.progressivebackoff.client.ForeignExchange;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.StreamedResponse;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * A LangChain4j streaming request, sent once: a 2xx body left open for its events, any other status read whole; the
 * guard retries I/O failures and transient statuses before the stream by the toolkit client's transport rules.
 */
public final class StreamExchange implements ForeignExchange<StreamedResponse> {

    private final HttpClient5Transport transport;
    private final TransportRequest request;

    public StreamExchange(HttpClient5Transport transport, TransportRequest request) {
        this.transport = transport;
        this.request = request;
    }

    @Override
    public StreamedResponse send(Runnable onWire) throws IOException, InterruptedException {
        try {
            return transport.stream(request, onWire);
        } catch (TransportException failed) {
            throw Failures.ioFailure(failed);
        }
    }

    @Override
    public int status(StreamedResponse response) {
        return response.status();
    }

    @Override
    public ResponseHeaders headers(StreamedResponse response) {
        return response.headers();
    }

    @Override
    public byte[] errorBody(StreamedResponse response) {
        return response.buffered().body();
    }

    @Override
    public void discard(StreamedResponse response) {
        response.close();
    }

    @Override
    public Optional<URI> uri() {
        return Optional.of(request.uri());
    }
}
