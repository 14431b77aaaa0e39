package dev.progressivebackoff.transport.httpclient5;

import dev.failsafe.Execution;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.transport.httpclient5.internal.RawResponse;
import dev.progressivebackoff.transport.httpclient5.internal.TransportRetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The retry decisions of one request, blocking or asynchronous alike: after each attempt it says whether the
 * request settled (on a response), must wait (how long; the retry event told) or failed (it throws). The blocking
 * transport sleeps the wait, the asynchronous one schedules it: the rules, events and exceptions are the same.
 * Steps run one after another (never two at once), possibly on different threads handing over in order.
 */
final class TransportRetryRun {

    private final TransportRequest request;
    private final TransportRetryPolicy retries;
    private final Consumer<TransportRetryEvent> events;
    /** Made only when a retry may follow (Failsafe completes at once on a status it does not handle). */
    private Execution<RawResponse> execution;

    private int attempt = 1;
    private Duration waited = Duration.ZERO;
    private Settled settled;

    TransportRetryRun(TransportRequest request, TransportRetryPolicy retries, Consumer<TransportRetryEvent> events) {
        this.request = request;
        this.retries = retries;
        this.events = events;
    }

    /** The attempt about to be made, 1-based. */
    int attempt() {
        return attempt;
    }

    /** The response the request settled on, once {@link #after} returned empty. */
    Settled settled() {
        return settled;
    }

    /**
     * Takes the outcome of the current attempt: its response, or the I/O failure that cut it.
     *
     * @param interrupted whether the attempt's thread was interrupted meanwhile: a response read is kept all the
     *                    same (it may have cost quota), a retry is not made
     * @return empty when the request settled on {@code response} ({@link #settled()}), else the wait before the
     *         next attempt (its {@link TransportRetryEvent} already told)
     * @throws TransportException   the failure cannot be mended, or persisted through every retry
     * @throws InterruptedException interrupted, and no response to keep
     */
    Optional<Duration> after(RawResponse response, IOException failure, boolean interrupted)
            throws InterruptedException {
        refuseUnrecoverable(failure);
        if (execution == null && response != null && !retries.mayRetry(response.status())) {
            return settle(response);
        }
        if (execution == null) {
            execution = retries.newExecution();
        }
        execution.record(response, failure);
        if (execution.isComplete() && response != null) {
            return settle(response);
        }
        if (interrupted) {
            throw new InterruptedException("interrupted while sending " + request);
        }
        if (execution.isComplete()) {
            throw new TransportException(
                    "request " + request + " failed after " + attempt + " attempt(s): " + describe(failure),
                    attempt,
                    failure);
        }
        Duration delay = execution.getDelay();
        tellRetry(response, failure, delay);
        waited = waited.plus(delay);
        attempt++;
        return Optional.of(delay);
    }

    private Optional<Duration> settle(RawResponse response) {
        settled = new Settled(response, attempt, waited);
        return Optional.empty();
    }

    private void tellRetry(RawResponse response, IOException failure, Duration delay) {
        WaitSource source = retries.sourceFor(attempt, response);
        TransportRetryEvent event = new TransportRetryEvent(
                attempt,
                retries.maxRetries(),
                delay,
                response == null ? OptionalInt.empty() : OptionalInt.of(response.status()),
                response == null ? describe(failure) : "HTTP " + response.status(),
                source.isServerHint(),
                source);
        try {
            events.accept(event);
        } catch (RuntimeException ignored) {
            // A listener must never break the request it observes.
        }
    }

    /** Ends the request at once on a failure that no retry can mend (TLS, unknown host, refused remote port). */
    private void refuseUnrecoverable(IOException failure) {
        if (failure != null && TransportRetryPolicy.cannotRecover(failure, request.uri())) {
            throw new TransportException(
                    "request " + request + " failed, not retried (retrying cannot fix it): " + describe(failure),
                    attempt,
                    failure);
        }
    }

    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The response a request settled on, after {@code attempts} attempts and {@code waited} between them. */
    record Settled(RawResponse raw, int attempts, Duration waited) {
        TransportResponse response() {
            return new TransportResponse(
                    raw.status(), raw.headers(), raw.body(), raw.charset(), attempts, waited, true);
        }
    }
}
