package dev.progressivebackoff.pacer.redis.internal;

import dev.progressivebackoff.pacer.redis.CoordinationEvent;
import dev.progressivebackoff.pacer.redis.CoordinationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs coordination changes through SLF4J: a lost Redis as a warning, a resumed one as information. */
public enum LoggingCoordinationListener implements CoordinationListener {
    /** The only instance; stateless. */
    INSTANCE;

    private static final Logger LOG = LoggerFactory.getLogger("dev.progressivebackoff.pacer.redis");

    @Override
    public void onEvent(CoordinationEvent event) {
        if (event instanceof CoordinationEvent.Lost) {
            LOG.warn(event.message());
        } else {
            LOG.info(event.message());
        }
    }
}
