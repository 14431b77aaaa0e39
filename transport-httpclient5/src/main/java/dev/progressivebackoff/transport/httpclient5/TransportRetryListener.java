package dev.progressivebackoff.transport.httpclient5;

/** Told about each transport retry before its wait starts. Exceptions it throws are ignored. */
@FunctionalInterface
public interface TransportRetryListener {

    /** A listener that ignores everything. */
    TransportRetryListener NONE = event -> {
    };

    /** Handles one retry. */
    void onRetry(TransportRetryEvent event);
}
