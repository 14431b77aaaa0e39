package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.ListenerErrorHandler;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * Where the client's log lines go: SLF4J, and any line listeners (so tests and the replay harness can
 * capture exactly the lines that were logged). Every line is redacted first.
 */
public final class ClientLog {

    private final Logger logger;
    private final UnaryOperator<String> redactor;
    private final List<Consumer<String>> sinks;

    /**
     * A log.
     *
     * @param logger   the SLF4J logger
     * @param redactor removes secrets from a line
     * @param sinks    extra receivers of every line; one that throws is logged at WARN (naming its class) and
     *                 skipped
     */
    public ClientLog(Logger logger, UnaryOperator<String> redactor, List<Consumer<String>> sinks) {
        this.logger = logger;
        this.redactor = redactor;
        this.sinks = List.copyOf(sinks);
    }

    /** Logs at INFO. */
    public void info(String line) {
        String safe = redactor.apply(line);
        logger.info(safe);
        deliver(safe);
    }

    /** Logs at WARN. */
    public void warn(String line) {
        String safe = redactor.apply(line);
        logger.warn(safe);
        deliver(safe);
    }

    private void deliver(String line) {
        for (Consumer<String> sink : sinks) {
            try {
                sink.accept(line);
            } catch (RuntimeException failure) {
                // A line listener must not break the call it observes; told to SLF4J only, not to the sinks again.
                ListenerErrorHandler.<String>describingTo(text -> logger.warn(redactor.apply(text)))
                        .onListenerError(sink, line, failure);
            }
        }
    }
}
