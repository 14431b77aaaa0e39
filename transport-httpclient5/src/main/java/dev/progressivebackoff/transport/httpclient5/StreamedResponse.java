package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.transport.httpclient5.internal.OpenBody;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;

/**
 * The response {@link HttpClient5Transport#stream} settled on: a 2xx whose body is still open, to be read as
 * the server sends it, or any other status read whole (as {@link TransportResponse}) so its rate-limit signals
 * can be read. Close it when done: that releases the connection (reused once a body was read to its end, cut
 * otherwise). Closing is idempotent and may come from another thread, to stop a blocked read.
 */
public final class StreamedResponse implements AutoCloseable {

    private final TransportResponse head;
    private final OpenBody open;

    StreamedResponse(TransportResponse head, OpenBody open) {
        this.head = Objects.requireNonNull(head, "head");
        this.open = open;
    }

    /** The HTTP status. */
    public int status() {
        return head.status();
    }

    /** True for 2xx: the body is open. */
    public boolean isSuccess() {
        return open != null;
    }

    /** The response headers. */
    public ResponseHeaders headers() {
        return head.headers();
    }

    /** The body's charset (from {@code Content-Type}, else UTF-8). */
    public Charset charset() {
        return head.charset();
    }

    /** How many requests the transport sent for this response (1 + its own retries). */
    public int attempts() {
        return head.attempts();
    }

    /** How long the transport waited between those requests. */
    public Duration waited() {
        return head.waited();
    }

    /**
     * The body: for a 2xx the open stream, each read returning what has arrived (closing it closes this
     * response); otherwise the bytes read whole.
     */
    public InputStream body() {
        return open != null ? open.stream() : head.bodyStream();
    }

    /**
     * This response with its body read whole, for a status other than 2xx (headers, status and error body, as
     * {@link HttpClient5Transport#execute} returns them).
     *
     * @throws IllegalStateException for a 2xx, whose body is left open
     */
    public TransportResponse buffered() {
        if (open != null) {
            throw new IllegalStateException("the body of a 2xx is streamed, not buffered");
        }
        return head;
    }

    /** Releases the connection: reused once the body was read to its end, cut otherwise. Idempotent. */
    @Override
    public void close() {
        if (open != null) {
            open.close();
        }
    }

    @Override
    public String toString() {
        return "StreamedResponse[status=" + head.status() + ", open=" + (open != null) + ", attempts=" + head.attempts()
                + "]";
    }
}
