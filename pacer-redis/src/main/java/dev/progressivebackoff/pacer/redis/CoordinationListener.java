package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.pacer.redis.internal.LoggingCoordinationListener;
import java.util.Objects;

/**
 * Told when Redis coordination is lost or resumes. Called on the thread that noticed the change; must be
 * quick and must not block. An exception it throws follows the
 * {@linkplain dev.progressivebackoff.core.ListenerErrorHandler listener rule}: it is logged as a WARN
 * naming the listener's class and ignored, never propagated to the request.
 */
@FunctionalInterface
public interface CoordinationListener {

    /** A listener that ignores every event. */
    CoordinationListener NONE = event -> {};

    /**
     * Logs through SLF4J: a lost Redis as a warning, a resumed one as information. The builder tells it first
     * unless {@link RedisPacersBuilder#withCoordinationLogging told not to}.
     */
    static CoordinationListener logging() {
        return LoggingCoordinationListener.INSTANCE;
    }

    /** Handles one event. */
    void onEvent(CoordinationEvent event);

    /**
     * This listener, then {@code next}, as one listener: an exception in one does not stop the other, and is
     * rethrown afterwards (the other's suppressed) for whoever calls the pair to handle by the listener rule.
     * The builder needs no composing: its {@code onCoordination} adds, and reports each listener by itself.
     */
    default CoordinationListener andThen(CoordinationListener next) {
        Objects.requireNonNull(next, "next");
        CoordinationListener first = this;
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
