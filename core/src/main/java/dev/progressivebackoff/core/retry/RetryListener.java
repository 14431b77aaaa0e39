package dev.progressivebackoff.core.retry;

import java.util.Objects;

/**
 * Receives {@link RetryEvent}s. Called on the thread making the call; keep it quick. An exception a
 * listener throws is caught by the loop and reported to its listener-error handler, never propagated.
 */
@FunctionalInterface
public interface RetryListener {

    /** A listener that ignores everything. */
    RetryListener NONE = event -> {
    };

    /** Handles one event. */
    void onEvent(RetryEvent event);

    /** This listener, then {@code next}; an exception in one does not stop the other. */
    default RetryListener andThen(RetryListener next) {
        Objects.requireNonNull(next, "next");
        RetryListener first = this;
        return event -> {
            RuntimeException failure = null;
            try {
                first.onEvent(event);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                next.onEvent(event);
            } catch (RuntimeException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
            if (failure != null) {
                throw failure;
            }
        };
    }
}
