package dev.progressivebackoff.backoff.pacing;

/**
 * The right to have one request in flight, granted by {@link Pacer#acquire()}. Close it when the request
 * ends (use try-with-resources); closing gives the concurrency slot back. Closing twice is harmless.
 */
@FunctionalInterface
public interface Permit extends AutoCloseable {

    /** A permit that holds nothing; what an unpaced {@link Pacer#none() pacer} hands out. */
    Permit NONE = () -> {
    };

    /** Ends the request: frees its concurrency slot. Idempotent; never throws. */
    @Override
    void close();
}
