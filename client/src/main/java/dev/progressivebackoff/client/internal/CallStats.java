package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import java.time.Duration;

/**
 * What one chat call cost: requests sent (transport retries included), rate-limit retries, and the time
 * waited for both. Hears the rate-limit loop's events of its own call only (through a
 * {@link CallScopedListener}, or as an asynchronous call's own listener). Used by one call at a time: the steps of
 * an asynchronous call may run on different threads, one after another.
 */
public final class CallStats implements RetryListener {

    private int requests;
    private int rateLimitRetries;
    private Duration waited = Duration.ZERO;

    /** Counts one exchange: the requests the transport sent for it and the time it waited between them. */
    public void exchanged(int attempts, Duration transportWait) {
        requests += attempts;
        waited = waited.plus(transportWait);
    }

    /** Counts each rate-limit retry and its wait. */
    @Override
    public void onEvent(RetryEvent event) {
        if (event instanceof RetryEvent.RateLimited limited) {
            rateLimitRetries++;
            waited = waited.plus(limited.delay());
        }
    }

    /** Requests sent, transport retries included. */
    public int requests() {
        return requests;
    }

    /** Rate-limit retries (429s waited out). */
    public int rateLimitRetries() {
        return rateLimitRetries;
    }

    /** Time waited: transport backoff plus rate-limit waits. */
    public Duration waited() {
        return waited;
    }
}
