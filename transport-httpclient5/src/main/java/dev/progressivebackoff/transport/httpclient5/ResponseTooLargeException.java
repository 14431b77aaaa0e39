package dev.progressivebackoff.transport.httpclient5;

/** A response body was larger than the configured maximum; it is not read further nor retried. */
public final class ResponseTooLargeException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    /**
     * An exception.
     *
     * @param request  the request, for the message (shows no credentials)
     * @param limit    the maximum body size in bytes
     * @param attempts how many requests were sent
     */
    public ResponseTooLargeException(TransportRequest request, long limit, int attempts) {
        super(
                "response body of " + request + " exceeds the maximum of " + limit + " bytes (maxResponseBytes)",
                attempts,
                null);
        this.limit = limit;
    }

    /** The maximum body size in bytes. */
    public long limit() {
        return limit;
    }
}
