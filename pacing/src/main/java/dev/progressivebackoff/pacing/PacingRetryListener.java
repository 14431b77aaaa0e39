package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import java.util.Objects;

/**
 * Feeds a {@link Pacer} from the rate-limit retry loop's events: a {@code RateLimited} event (a retryable
 * 429 and the wait chosen for it, server hint or tier backoff) cools the pacer down for that wait, so every
 * request on the key is held, not just the one that got the 429; a {@code TierDetected} event makes it
 * adopt the detected tier. Other events are ignored.
 */
public final class PacingRetryListener implements RetryListener {

    private final Pacer pacer;

    private PacingRetryListener(Pacer pacer) {
        this.pacer = pacer;
    }

    /** A listener feeding {@code pacer}. */
    public static PacingRetryListener feeding(Pacer pacer) {
        return new PacingRetryListener(Objects.requireNonNull(pacer, "pacer"));
    }

    @Override
    public void onEvent(RetryEvent event) {
        if (event instanceof RetryEvent.RateLimited rateLimited) {
            pacer.coolDown(rateLimited.delay());
        } else if (event instanceof RetryEvent.TierDetected detected) {
            pacer.adoptTier(detected.tier());
        }
    }
}
