package dev.progressivebackoff.pacing;

/**
 * The right to have one request in flight, granted by {@link Pacer#acquire()}. Close it when the request
 * ends (use try-with-resources); closing gives the concurrency slot back. Closing twice is harmless.
 */
@FunctionalInterface
public interface Permit extends AutoCloseable {

    /** A permit that holds nothing; what an unpaced {@link Pacer#none() pacer} hands out. */
    Permit NONE = () -> {};

    /**
     * Tells the pacer that the request is going on the wire now. A server counts a request when it arrives,
     * not when the pacer granted it: the first request of a client (a new connection, class loading) can
     * leave tens of milliseconds after its grant, and the next start must then count from here, or it
     * reaches the server early. Call it once, as late as possible before the request is written; a pacer
     * that does not need it ignores it.
     */
    default void markSent() {}

    /**
     * Settles the tokens reserved for this request ({@link Pacer#acquire(long)}) to what it used, as its
     * response's {@code usage} reports; may be called after {@link #close()}. A pacer without a token budget
     * ignores it.
     */
    default void settle(long usedTokens) {}

    /** Ends the request: frees its concurrency slot. Idempotent; never throws. */
    @Override
    void close();
}
