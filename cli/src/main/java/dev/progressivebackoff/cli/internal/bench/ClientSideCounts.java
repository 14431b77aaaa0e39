package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a client sent and how often it was answered 429, counted on the client side (for an external endpoint,
 * whose own counts the benchmark cannot read): each call's attempts when it ends ({@code Succeeded} or
 * {@code GaveUp}, also a give-up on a transport failure, whose last send got no answer), plus each transport retry
 * (after an I/O error or a 5xx). Register it with both {@code onEvent} and {@code onTransportRetry}. Thread-safe.
 */
final class ClientSideCounts implements RetryListener, TransportRetryListener {

    private static final int TOO_MANY_REQUESTS = 429;

    private final LongAdder attempts = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    @Override
    public void onEvent(RetryEvent event) {
        if (event instanceof RetryEvent.Succeeded succeeded) {
            // the loop retries only 429s, so every attempt before the successful one was answered 429
            attempts.add(succeeded.attempts());
            rateLimited.add(succeeded.attempts() - 1L);
        } else if (event instanceof RetryEvent.GaveUp gaveUp) {
            attempts.add(gaveUp.attempts().size());
            rateLimited.add(gaveUp.attempts().stream()
                    .map(AttemptRecord::status)
                    .filter(status -> status == TOO_MANY_REQUESTS)
                    .count());
        }
    }

    @Override
    public void onRetry(TransportRetryEvent event) {
        attempts.increment();
    }

    /** Requests sent so far, retries included. */
    long attempts() {
        return attempts.sum();
    }

    /** Of those, the ones answered 429. */
    long rateLimited() {
        return rateLimited.sum();
    }
}
