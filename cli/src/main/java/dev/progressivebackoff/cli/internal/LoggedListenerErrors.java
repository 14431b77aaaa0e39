package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.core.ListenerErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a listener or callback that threw as a WARN naming its class, as the
 * {@linkplain ListenerErrorHandler listener rule} asks of modules that log. Stateless.
 */
public enum LoggedListenerErrors implements ListenerErrorHandler<Object> {
    /** The only instance. */
    INSTANCE;

    private static final Logger LOG = LoggerFactory.getLogger("dev.progressivebackoff.cli");

    @Override
    public void onListenerError(Object listener, Object event, RuntimeException failure) {
        LOG.warn("The listener {} failed on {} and was ignored: {}", listener.getClass().getName(),
                event.getClass().getSimpleName(), failure.toString());
    }
}
