package dev.progressivebackoff.transport.httpclient5.internal;

import java.io.IOException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient5's request executor, which also tells a request's sender the moment its bytes go on the
 * wire: after a connection is leased and opened (a first request can spend tens of milliseconds there) and
 * the request is formatted, as the connection is flushed ({@link SendStampingConnection}). The sender's
 * callback travels in the request's context under {@link #ON_SEND}; requests without one are sent as usual.
 */
public final class SendObservingExecutor extends HttpRequestExecutor {

    /** The context attribute holding the {@link Runnable} to run as the request is written. */
    public static final String ON_SEND = "dev.progressivebackoff.on-send";

    @Override
    public ClassicHttpResponse execute(
            ClassicHttpRequest request,
            HttpClientConnection connection,
            HttpResponseInformationCallback informationCallback,
            HttpContext context)
            throws IOException, HttpException {
        if (context != null && context.getAttribute(ON_SEND) instanceof Runnable onSend) {
            return super.execute(request, new SendStampingConnection(connection, onSend), informationCallback, context);
        }
        return super.execute(request, connection, informationCallback, context);
    }
}
