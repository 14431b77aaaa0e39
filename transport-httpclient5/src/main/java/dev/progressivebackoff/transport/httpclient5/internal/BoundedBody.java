package dev.progressivebackoff.transport.httpclient5.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads a response body, but never more than a limit: a runaway body cannot exhaust memory. */
public final class BoundedBody {

    private BoundedBody() {}

    /**
     * All of {@code in} when it holds at most {@code limit} bytes; empty as soon as it turns out to hold
     * more (reading stops after {@code limit + 1} bytes).
     */
    public static Optional<byte[]> read(InputStream in, long limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        while (true) {
            long room = limit + 1 - total;
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, room));
            if (n < 0) {
                return Optional.of(out.toByteArray());
            }
            total += n;
            if (total > limit) {
                return Optional.empty();
            }
            out.write(buffer, 0, n);
        }
    }
}
