package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.ProgressiveBackoffException;

/**
 * A request would go over plain {@code http://} to a host that is not loopback, so the API key would travel in
 * clear; refused before any connection is made unless {@link TransportSettings#allowInsecureHttp()}.
 */
public final class InsecureEndpointException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final String host;

    /**
     * An exception.
     *
     * @param host    the host that was refused
     * @param message why; names the host and the setting that allows it, never a credential
     */
    public InsecureEndpointException(String host, String message) {
        super(message);
        this.host = host;
    }

    /** The host that was refused. */
    public String host() {
        return host;
    }
}
