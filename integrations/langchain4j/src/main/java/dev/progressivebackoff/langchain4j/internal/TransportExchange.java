package dev.progressivebackoff.langchain4j.internal;

import dev.progressivebackoff.client.ForeignExchange;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;

/** A LangChain4j request sent whole by the toolkit's transport (its retries of I/O failures and 5xx included). */
public final class TransportExchange implements ForeignExchange<TransportResponse> {

    private final HttpClient5Transport transport;
    private final TransportRequest request;

    public TransportExchange(HttpClient5Transport transport, TransportRequest request) {
        this.transport = transport;
        this.request = request;
    }

    @Override
    public TransportResponse send(Runnable onWire) throws InterruptedException {
        return transport.execute(request, onWire);
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

    /** The toolkit's transport retries I/O failures and transient statuses itself: the guard retries only 429s. */
    @Override
    public boolean retriesTransientFailures() {
        return true;
    }
}
