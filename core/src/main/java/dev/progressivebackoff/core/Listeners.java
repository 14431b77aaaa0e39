package dev.progressivebackoff.core;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Tells a fixed list of listeners about events under the {@linkplain ListenerErrorHandler listener rule}:
 * each listener is called in order; one that throws is reported to every handler and the others still run;
 * nothing a listener or handler throws reaches the caller. Immutable and thread-safe if the listeners are.
 *
 * @param <L> the listener type
 * @param <E> the event type
 */
public final class Listeners<L, E> {

    private final List<L> listeners;
    private final BiConsumer<? super L, ? super E> call;
    private final List<ListenerErrorHandler<? super E>> handlers;

    private Listeners(
            List<L> listeners, BiConsumer<? super L, ? super E> call, List<ListenerErrorHandler<? super E>> handlers) {
        this.listeners = listeners;
        this.call = call;
        this.handlers = handlers;
    }

    /**
     * Listeners told through {@code call}, e.g. {@code RetryListener::onEvent}, whose failures go to
     * {@code handlers} (none: failures are ignored).
     */
    public static <L, E> Listeners<L, E> of(
            List<? extends L> listeners,
            BiConsumer<? super L, ? super E> call,
            List<? extends ListenerErrorHandler<? super E>> handlers) {
        return new Listeners<>(List.copyOf(listeners), Objects.requireNonNull(call, "call"), List.copyOf(handlers));
    }

    /** True when there is nobody to tell. */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Tells every listener, in order; never throws. */
    public void tell(E event) {
        for (L listener : listeners) {
            try {
                call.accept(listener, event);
            } catch (RuntimeException failure) {
                report(listener, event, failure);
            }
        }
    }

    private void report(L listener, E event, RuntimeException failure) {
        for (ListenerErrorHandler<? super E> handler : handlers) {
            try {
                handler.onListenerError(listener, event, failure);
            } catch (RuntimeException handlerFailure) {
                // nowhere left to report it; the call must not fail because of a listener
            }
        }
    }

    @Override
    public String toString() {
        return "Listeners" + listeners;
    }
}
