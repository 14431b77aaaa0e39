package dev.progressivebackoff.core.decision;

/** Who retries a response. */
public enum Retrier {
    /** The rate-limit retry loop, for a retryable 429. */
    RATE_LIMIT_LOOP("rate-limit-loop"),
    /** The transport, inside one rate-limit attempt, for a transient status. */
    TRANSPORT("transport");

    private final String wireName;

    Retrier(String wireName) {
        this.wireName = wireName;
    }

    /** The stable name used in JSON. */
    public String wireName() {
        return wireName;
    }
}
