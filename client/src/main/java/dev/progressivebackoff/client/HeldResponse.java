package dev.progressivebackoff.client;

import dev.progressivebackoff.pacing.Permit;

/**
 * A response from {@link RateLimitGuard#sendHeld} with the pacer's permit still held while its body streams: the
 * request counts as in flight (against a concurrency cap) until {@link #close()}. Closing releases the permit only;
 * the response is the caller's to close. Thread-safe.
 *
 * @param <R> the library's response
 */
public final class HeldResponse<R> implements AutoCloseable {

    private final R response;
    private final Permit permit;

    HeldResponse(R response, Permit permit) {
        this.response = response;
        this.permit = permit;
    }

    /** The response: a 2xx with its body unread, or the status the guard hands back (its permit released). */
    public R response() {
        return response;
    }

    /**
     * Settles the tokens the pacer counted for this request to {@code usedTokens}, the total its usage reports; may
     * come after {@link #close()}.
     */
    public void settle(long usedTokens) {
        permit.settle(usedTokens);
    }

    /** Ends the request for the pacer: frees its concurrency slot. Idempotent; never throws. */
    @Override
    public void close() {
        permit.close();
    }
}
