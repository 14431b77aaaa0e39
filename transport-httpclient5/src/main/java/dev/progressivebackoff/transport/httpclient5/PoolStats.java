package dev.progressivebackoff.transport.httpclient5;

/**
 * A snapshot of the transport's connection pool.
 *
 * @param leased    connections in use by a request now
 * @param pending   requests waiting for a connection
 * @param available open connections idle in the pool, ready for reuse
 * @param max       the most connections the pool opens
 */
public record PoolStats(int leased, int pending, int available, int max) {

    public PoolStats {
        if (leased < 0 || pending < 0 || available < 0 || max < 0) {
            throw new IllegalArgumentException("pool counts must not be negative");
        }
    }

    /** True when no connection is in use and no request waits for one. */
    public boolean isIdle() {
        return leased == 0 && pending == 0;
    }
}
