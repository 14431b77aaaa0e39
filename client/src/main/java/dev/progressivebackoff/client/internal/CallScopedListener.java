package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Lets one shared, thread-safe rate-limit loop report to a listener of the current call only: the loop's
 * listeners run on the calling thread, so each event goes to the listener the calling thread is running
 * {@link #within}, if any. Thread-safe.
 */
public final class CallScopedListener implements RetryListener {

    private final ThreadLocal<RetryListener> current = new ThreadLocal<>();

    /**
     * Runs {@code call} with {@code listener} hearing the events this thread's loop emits meanwhile; a call
     * nested in it (a listener that calls the client again) gets its own, and the outer one is back after.
     */
    public <T> T within(RetryListener listener, Supplier<T> call) {
        Objects.requireNonNull(listener, "listener");
        RetryListener outer = current.get();
        current.set(listener);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    @Override
    public void onEvent(RetryEvent event) {
        RetryListener listener = current.get();
        if (listener != null) {
            listener.onEvent(event);
        }
    }
}
