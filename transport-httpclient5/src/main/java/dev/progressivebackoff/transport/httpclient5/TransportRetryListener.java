package dev.progressivebackoff.transport.httpclient5;

/**
 * Told about each transport retry before its wait starts. One that throws never changes the outcome of the
 * request: the exception is caught, logged at WARN naming the listener's class, and ignored.
 */
@FunctionalInterface
public interface TransportRetryListener {

    /** A listener that ignores everything. */
    TransportRetryListener NONE = event -> {};

    /** Handles one retry. */
    void onRetry(TransportRetryEvent event);
}
