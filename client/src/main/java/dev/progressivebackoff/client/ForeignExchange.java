package dev.progressivebackoff.client;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request as another library's HTTP client sends it (openai-java's, LangChain4j's, or this toolkit's transport
 * on their behalf), seen by a {@link RateLimitGuard}: how to send it once and how to read the response it gets.
 * The guard may send it several times (after each 429, and after each transient failure unless
 * {@link #retriesTransientFailures()}), so {@link #send} must be repeatable.
 *
 * @param <R> the library's response
 */
public interface ForeignExchange<R> {

    /**
     * Sends the request once.
     *
     * @param onWire to run as the request goes on the wire (just before sending, if the client cannot tell)
     * @return the response, of any status; its body unread
     * @throws IOException          the send failed (the guard retries it as the transport would, then rethrows it)
     * @throws InterruptedException the thread was interrupted
     */
    R send(Runnable onWire) throws IOException, InterruptedException;

    /**
     * Starts sending the request once, without blocking (for {@link RateLimitGuard#sendAsync}); by default not
     * supported.
     *
     * @param onWire to run as the request goes on the wire
     * @return the response's stage, of any status, its body unread
     */
    default CompletionStage<R> sendAsync(Runnable onWire) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getName() + " sends only blocking"));
    }

    /** The response's HTTP status. */
    int status(R response);

    /** The response's headers, for the rate-limit signals and the tier. */
    ResponseHeaders headers(R response);

    /**
     * Reads the body of a response that is not a 2xx, for its error message and hints (small by nature). The response
     * must still serve the same bytes to its library afterwards: a response handed back keeps its body.
     *
     * @throws IOException the body could not be read (the guard then reads no hint from it)
     */
    byte[] errorBody(R response) throws IOException;

    /** Releases a response the guard does not hand back: a 429 or a transient status about to be retried. */
    void discard(R response);

    /**
     * True if {@link #send} already retries I/O failures and transient statuses (the toolkit's transport does): the
     * guard then retries only 429s. By default false: the guard retries them by the client's transport rules.
     */
    default boolean retriesTransientFailures() {
        return false;
    }

    /**
     * Where the request goes, for the transport's judgement of an I/O failure (a refused connection is retried on
     * loopback only); by default unknown, judged as a remote host.
     */
    default Optional<URI> uri() {
        return Optional.empty();
    }
}
