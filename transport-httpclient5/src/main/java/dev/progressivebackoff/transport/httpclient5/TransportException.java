package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.ProgressiveBackoffException;

/**
 * The transport could not get a response: I/O failures (connection reset or refused, timeouts) persisted
 * through every transport retry, or the response could not be read.
 */
public class TransportException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * An exception.
     *
     * @param message  what failed; must not contain credentials
     * @param attempts how many requests were sent
     * @param cause    the last failure, or null
     */
    public TransportException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** How many requests were sent before giving up. */
    public int attempts() {
        return attempts;
    }
}
