package dev.progressivebackoff.transport.httpclient5.internal;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * One response as read off the wire, before the transport decides whether to retry it.
 *
 * @param status  the HTTP status
 * @param headers the headers
 * @param body    the body bytes (not copied: internal use only); empty when the body is left {@code open}
 * @param charset the body's charset
 * @param open    the body left open for a streaming caller (a 2xx only), else null
 */
public record RawResponse(int status, ResponseHeaders headers, byte[] body, Charset charset, OpenBody open) {

    public RawResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
    }

    /** A response read whole. */
    public RawResponse(int status, ResponseHeaders headers, byte[] body, Charset charset) {
        this(status, headers, body, charset, null);
    }
}
