package dev.progressivebackoff.openai.internal;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;

/** A response whose (error) body was read once and is served again from memory. */
final class BufferedResponse implements HttpResponse {

    private final int status;
    private final Headers headers;
    private final byte[] body;

    BufferedResponse(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    byte[] bytes() {
        return body.clone();
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public Optional<String> requestId() {
        return headers.values("x-request-id").stream().findFirst();
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public void close() {
        // nothing held: the connection was released when the body was read
    }
}
