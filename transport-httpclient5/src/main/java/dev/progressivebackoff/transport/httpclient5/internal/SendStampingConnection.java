package dev.progressivebackoff.transport.httpclient5.internal;

import java.io.IOException;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * A connection that runs the sender's callback once, as its first flush returns: the request head and body, written
 * into the connection's buffer, have then been handed to the network. Stamped any earlier, the time spent
 * formatting the request (tens of milliseconds for the first request of a cold JVM, loading classes), or a
 * sending thread descheduled just before its write, would pass between the stamp and the server's arrival unseen,
 * and the next paced request, sent promptly, would reach the server too soon after this one. A stamp a little
 * late only spaces the next request a little wider. Everything else is the wrapped connection's.
 */
final class SendStampingConnection implements HttpClientConnection {

    private final HttpClientConnection connection;
    private Runnable onSend;

    SendStampingConnection(HttpClientConnection connection, Runnable onSend) {
        this.connection = connection;
        this.onSend = onSend;
    }

    @Override
    public void flush() throws IOException {
        connection.flush();
        Runnable first = onSend;
        if (first != null) {
            onSend = null;
            try {
                first.run();
            } catch (RuntimeException ignored) {
                // an observer must never break the request it observes
            }
        }
    }

    @Override
    public boolean isConsistent() {
        return connection.isConsistent();
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        connection.sendRequestHeader(request);
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        connection.terminateRequest(request);
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        connection.sendRequestEntity(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        return connection.receiveResponseHeader();
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        connection.receiveResponseEntity(response);
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        return connection.isDataAvailable(timeout);
    }

    @Override
    public boolean isStale() throws IOException {
        return connection.isStale();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        connection.close(closeMode);
    }

    @Override
    public EndpointDetails getEndpointDetails() {
        return connection.getEndpointDetails();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return connection.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return connection.getRemoteAddress();
    }

    @Override
    public ProtocolVersion getProtocolVersion() {
        return connection.getProtocolVersion();
    }

    @Override
    public SSLSession getSSLSession() {
        return connection.getSSLSession();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
        return connection.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        connection.setSocketTimeout(timeout);
    }
}
