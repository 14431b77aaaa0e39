package dev.progressivebackoff.langchain4j.internal;

import dev.progressivebackoff.client.ForeignExchange;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.StreamedResponse;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;

/** A LangChain4j streaming request: a 2xx body left open for its events, any other status read whole. */
public final class StreamExchange implements ForeignExchange<StreamedResponse> {

    private final HttpClient5Transport transport;
    private final TransportRequest request;

    public StreamExchange(HttpClient5Transport transport, TransportRequest request) {
        this.transport = transport;
        this.request = request;
    }

    @Override
    public StreamedResponse send(Runnable onWire) throws InterruptedException {
        return transport.stream(request, onWire);
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

    /** The toolkit's transport retries I/O failures and transient statuses itself: the guard retries only 429s. */
    @Override
    public boolean retriesTransientFailures() {
        return true;
    }
}
