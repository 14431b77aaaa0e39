package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;

/**
 * The response the transport settled on, after its own retries: a success, an error it does not retry
 * (429, 4xx), or the last 5xx when its retries ran out.
 */
public final class TransportResponse {

    private final int status;
    private final ResponseHeaders headers;
    private final byte[] body;
    private final Charset charset;
    private final int attempts;
    private final Duration waited;

    /**
     * A response.
     *
     * @param status   the HTTP status
     * @param headers  the response headers
     * @param body     the body bytes (copied), at most the configured size
     * @param charset  the body's charset (from {@code Content-Type}, else UTF-8)
     * @param attempts how many requests the transport sent for it, at least 1
     * @param waited   how long the transport waited between them
     */
    public TransportResponse(
            int status, ResponseHeaders headers, byte[] body, Charset charset, int attempts, Duration waited) {
        this(status, headers, Objects.requireNonNull(body, "body").clone(), charset, attempts, waited, true);
    }

    /** A response that takes over {@code body}, which nothing else holds (the transport's freshly read bytes). */
    TransportResponse(
            int status,
            ResponseHeaders headers,
            byte[] body,
            Charset charset,
            int attempts,
            Duration waited,
            boolean owned) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.charset = Objects.requireNonNull(charset, "charset");
        this.attempts = attempts;
        this.waited = Objects.requireNonNull(waited, "waited");
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** True for 2xx. */
    public boolean isSuccess() {
        return status / 100 == 2;
    }

    /** The response headers. */
    public ResponseHeaders headers() {
        return headers;
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as a stream over the bytes themselves (no copy), e.g. for a JSON parser. */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    /** The body decoded with its charset. */
    public String bodyText() {
        return new String(body, charset);
    }

    /** The body's charset. */
    public Charset charset() {
        return charset;
    }

    /** How many requests the transport sent for this response (1 + its own retries). */
    public int attempts() {
        return attempts;
    }

    /** How long the transport waited between those requests. */
    public Duration waited() {
        return waited;
    }

    @Override
    public String toString() {
        return "TransportResponse[status=" + status + ", bytes=" + body.length + ", attempts=" + attempts + "]";
    }
}
