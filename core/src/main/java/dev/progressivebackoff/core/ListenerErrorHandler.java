package dev.progressivebackoff.core;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Told when a listener throws. This is where the toolkit's one listener rule is written down.
 *
 * <p><b>The listener rule.</b> A listener that throws never changes the outcome of the call that told it:
 * its exception is caught, reported and ignored, and the other listeners still hear the event. Modules that
 * log through SLF4J report it as a WARN naming the listener's class; {@code core} and {@code pacing}, which
 * must not log, hand it to the builder's listener-error handler (by default {@link #ignoring()}), and the
 * client and CLI layers install one that logs. A handler that throws is ignored as well: there is nowhere
 * left to report it. Every {@code onX} builder method adds a listener (or handler), never replaces one;
 * {@link Listeners} applies the rule.
 *
 * @param <E> the type of the events the listeners hear
 */
@FunctionalInterface
public interface ListenerErrorHandler<E> {

    /**
     * Reports one failure.
     *
     * @param listener the listener that threw (its class names it in a log line)
     * @param event    the event it was told
     * @param failure  what it threw
     */
    void onListenerError(Object listener, E event, RuntimeException failure);

    /**
     * A handler that describes each failure in one line — {@code The listener CLASS failed on EVENT and was
     * ignored: FAILURE} — and hands it to {@code warn}. Modules that log pass their logger's {@code warn}
     * method, so every module words the rule's log line the same way while {@code core} itself never logs.
     */
    static <E> ListenerErrorHandler<E> describingTo(Consumer<String> warn) {
        Objects.requireNonNull(warn, "warn");
        return (listener, event, failure) ->
                warn.accept("The listener " + listener.getClass().getName() + " failed on "
                        + event.getClass().getSimpleName() + " and was ignored: " + failure);
    }

    /** A handler that ignores every failure: the default of builders in modules that do not log. */
    static <E> ListenerErrorHandler<E> ignoring() {
        return (listener, event, failure) -> {};
    }
}
