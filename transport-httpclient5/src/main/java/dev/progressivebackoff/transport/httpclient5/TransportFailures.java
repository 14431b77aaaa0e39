package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.transport.httpclient5.internal.TransportRetryPolicy;
import java.io.IOException;
import java.net.URI;

/**
 * The transport's judgement of an I/O failure, for a client that retries another library's sends by the same rules
 * (the {@code client} module's guard).
 */
public final class TransportFailures {

    private TransportFailures() {}

    /**
     * True for an I/O failure that retrying cannot mend, which the transport does not retry: a TLS handshake or
     * certificate failure, an unknown host, or a connection refused by a host that is not loopback.
     *
     * @param failure the failure of one attempt
     * @param uri     where the request went
     */
    public static boolean cannotRecover(IOException failure, URI uri) {
        return TransportRetryPolicy.cannotRecover(failure, uri);
    }
}
