package dev.progressivebackoff.langchain4j.internal;

import dev.progressivebackoff.transport.httpclient5.ResponseTooLargeException;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import java.io.IOException;

/** The transport's failures as the guard judges them. */
final class Failures {

    private Failures() {}

    /**
     * The I/O failure of the adapter's transport (which retries nothing: the guard does, by the toolkit client's
     * transport rules), for the guard to retry or rethrow; any other failure (a body over the size limit) as it is.
     */
    static IOException ioFailure(TransportException failed) {
        if (failed instanceof ResponseTooLargeException || !(failed.getCause() instanceof IOException io)) {
            throw failed;
        }
        return io;
    }
}
