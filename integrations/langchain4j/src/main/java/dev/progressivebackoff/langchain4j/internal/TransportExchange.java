package dev.progressivebackoff.langchain4j.internal;

import dev.progressivebackoff.client.ForeignExchange;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * A LangChain4j request sent whole, once, by the adapter's transport; the guard retries its I/O failures and transient
 * statuses by the toolkit client's transport rules.
 */
public final class TransportExchange implements ForeignExchange<TransportResponse> {

    private final HttpClient5Transport transport;
    private final TransportRequest request;

    public TransportExchange(HttpClient5Transport transport, TransportRequest request) {
        this.transport = transport;
        this.request = request;
    }

    @Override
    public TransportResponse send(Runnable onWire) throws IOException, InterruptedException {
        try {
            return transport.execute(request, onWire);
        } catch (TransportException failed) {
            throw Failures.ioFailure(failed);
        }
    }

    @Override
    public int status(TransportResponse response) {
        return response.status();
    }

    @Override
    public ResponseHeaders headers(TransportResponse response) {
        return response.headers();
    }

    @Override
    public byte[] errorBody(TransportResponse response) {
        return response.body();
    }

    @Override
    public void discard(TransportResponse response) {
        // read whole: nothing to release
    }

    @Override
    public Optional<URI> uri() {
        return Optional.of(request.uri());
    }
}
