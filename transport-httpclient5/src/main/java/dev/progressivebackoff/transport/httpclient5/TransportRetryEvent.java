package dev.progressivebackoff.transport.httpclient5;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The transport is about to wait and send a request again, after an I/O failure or a retryable 5xx.
 *
 * @param retry        which transport retry comes next, 1-based
 * @param maxRetries   how many the transport allows
 * @param delay        the wait about to start
 * @param status       the status that caused it, when there was a response
 * @param cause        a short description: {@code HTTP 503} or {@code SocketException: Connection reset}
 * @param fromRetryAfter true if the delay is the server's {@code Retry-After} (on 503)
 */
public record TransportRetryEvent(
        int retry, int maxRetries, Duration delay, OptionalInt status, String cause, boolean fromRetryAfter) {

    public TransportRetryEvent {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cause, "cause");
    }
}
