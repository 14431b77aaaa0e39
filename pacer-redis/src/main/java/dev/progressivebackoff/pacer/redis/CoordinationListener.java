package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.pacer.redis.internal.LoggingCoordinationListener;
import java.util.Objects;

/**
 * Told when Redis coordination is lost or resumes. Called on the thread that noticed the change; must be
 * quick and must not block. An exception it throws is caught and ignored, never propagated to the request.
 */
@FunctionalInterface
public interface CoordinationListener {

    /** A listener that ignores every event. */
    CoordinationListener NONE = event -> {
    };

    /** Logs through SLF4J: a lost Redis as a warning, a resumed one as information. The builder's default. */
    static CoordinationListener logging() {
        return LoggingCoordinationListener.INSTANCE;
    }

    /** Handles one event. */
    void onEvent(CoordinationEvent event);

    /** This listener, then {@code next}; an exception in this one does not keep {@code next} from running. */
    default CoordinationListener andThen(CoordinationListener next) {
        Objects.requireNonNull(next, "next");
        return event -> {
            try {
                onEvent(event);
            } finally {
                next.onEvent(event);
            }
        };
    }
}
