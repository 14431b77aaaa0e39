package dev.progressivebackoff.transport.httpclient5.internal;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * One response as read off the wire, before the transport decides whether to retry it.
 *
 * @param status  the HTTP status
 * @param headers the headers
 * @param body    the body bytes (not copied: internal use only)
 * @param charset the body's charset
 */
public record RawResponse(int status, ResponseHeaders headers, byte[] body, Charset charset) {

    public RawResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(charset, "charset");
    }
}
