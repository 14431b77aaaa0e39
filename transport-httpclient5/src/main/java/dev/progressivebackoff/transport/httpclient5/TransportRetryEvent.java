package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.signals.WaitSource;
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
 * @param fromRetryAfter true if the delay is a server hint ({@code retry-after-ms}, {@code Retry-After},
 *                     {@code x-retry-after} or Google's {@code RetryInfo}); the same as {@code source.isServerHint()}
 * @param source       where the delay came from: that hint, or {@link WaitSource#TRANSPORT_BACKOFF}
 */
public record TransportRetryEvent(
        int retry,
        int maxRetries,
        Duration delay,
        OptionalInt status,
        String cause,
        boolean fromRetryAfter,
        WaitSource source) {

    public TransportRetryEvent {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(source, "source");
        if (fromRetryAfter != source.isServerHint()) {
            throw new IllegalArgumentException("fromRetryAfter " + fromRetryAfter + " disagrees with source " + source);
        }
    }

    /**
     * An event whose source is only known as hint or no hint: a server hint is taken to be {@code Retry-After}.
     *
     * @param fromRetryAfter true if the delay is the server's hint
     */
    public TransportRetryEvent(
            int retry, int maxRetries, Duration delay, OptionalInt status, String cause, boolean fromRetryAfter) {
        this(
                retry,
                maxRetries,
                delay,
                status,
                cause,
                fromRetryAfter,
                fromRetryAfter ? WaitSource.RETRY_AFTER : WaitSource.TRANSPORT_BACKOFF);
    }
}
