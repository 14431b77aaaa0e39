package dev.progressivebackoff.core.retry;

import java.util.Objects;

/**
 * Receives {@link RetryEvent}s. Called on the thread making the call; keep it quick. An exception a
 * listener throws follows the {@linkplain dev.progressivebackoff.core.ListenerErrorHandler listener rule}:
 * the loop reports it to its listener-error handlers and carries on, never propagating it.
 */
@FunctionalInterface
public interface RetryListener {

    /** A listener that ignores everything. */
    RetryListener NONE = event -> {};

    /** Handles one event. */
    void onEvent(RetryEvent event);

    /**
     * This listener, then {@code next}, as one listener: an exception in one does not stop the other, and is
     * rethrown afterwards (the other's suppressed) for whoever calls the pair to handle by the listener
     * rule. Builders need no composing: their {@code onEvent} adds, and reports each listener by itself.
     */
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
