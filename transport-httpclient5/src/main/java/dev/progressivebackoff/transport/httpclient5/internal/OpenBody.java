package dev.progressivebackoff.transport.httpclient5.internal;

import dev.progressivebackoff.core.Seconds;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The body of a 2xx response left open for its caller to read as it arrives. Closing it releases the
 * connection: back to the pool once the body was read to its end, cut otherwise (closing the entity's stream
 * would drain the rest of a body that may never end). The attempt's deadline runs until it is closed.
 * Thread-safe close: another thread may close it to stop a blocked read.
 */
public final class OpenBody implements AutoCloseable {

    private final ClassicHttpResponse response;
    private final Cancellable request;
    private final AttemptDeadlines.Attempt clock;
    private final AttemptDeadlines deadlines;
    private final InputStream stream;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ended;

    /**
     * The open body of {@code response}.
     *
     * @param request   the request, cancelled to cut the connection when closed before the end
     * @param clock     the attempt's deadline, stopped when closed
     * @param deadlines what the deadline is, for the message when it cuts a read
     */
    public OpenBody(
            ClassicHttpResponse response,
            Cancellable request,
            AttemptDeadlines.Attempt clock,
            AttemptDeadlines deadlines)
            throws IOException {
        this.response = response;
        this.request = request;
        this.clock = clock;
        this.deadlines = deadlines;
        HttpEntity entity = response.getEntity();
        InputStream content = entity == null ? null : entity.getContent();
        this.stream = new Tracked(content == null ? InputStream.nullInputStream() : content);
    }

    /** The body as it arrives; closing it closes this. */
    public InputStream stream() {
        return stream;
    }

    /** Releases the connection (cut unless the body was read to its end) and stops the deadline. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        clock.close();
        if (!ended) {
            request.cancel();
        }
        try {
            response.close();
        } catch (IOException ignored) {
            // the connection is released (or was cut) all the same
        }
    }

    /** The entity's stream, noting its end and naming the deadline when that cut a read. */
    private final class Tracked extends FilterInputStream {
        Tracked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                return b;
            } catch (IOException failure) {
                throw explained(failure);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                ended |= n < 0;
                return n;
            } catch (IOException failure) {
                throw explained(failure);
            }
        }

        @Override
        public void close() {
            OpenBody.this.close();
        }

        private IOException explained(IOException failure) {
            if (!clock.expired()) {
                return failure;
            }
            SocketTimeoutException timeout = new SocketTimeoutException("the attempt passed its request deadline of "
                    + Seconds.format(deadlines.deadline()) + " (the server was still sending)");
            timeout.initCause(failure);
            return timeout;
        }
    }
}
