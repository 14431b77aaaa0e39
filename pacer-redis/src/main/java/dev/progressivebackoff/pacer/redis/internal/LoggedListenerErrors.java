package dev.progressivebackoff.pacer.redis.internal;

import dev.progressivebackoff.core.ListenerErrorHandler;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a listener that threw as a WARN naming the listener's class, as the
 * {@linkplain ListenerErrorHandler listener rule} asks of modules that log. Stateless.
 */
public final class LoggedListenerErrors implements ListenerErrorHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger("dev.progressivebackoff.pacer.redis");

    private final Logger log;

    /** Reports to {@code log}. */
    public LoggedListenerErrors(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Reports to this module's logger, {@code dev.progressivebackoff.pacer.redis}. */
    public static LoggedListenerErrors toModuleLog() {
        return new LoggedListenerErrors(LOG);
    }

    @Override
    public void onListenerError(Object listener, Object event, RuntimeException failure) {
        log.warn("The listener {} failed on {} and was ignored: {}", listener.getClass().getName(),
                event.getClass().getSimpleName(), failure.toString());
    }
}
