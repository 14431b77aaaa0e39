package dev.progressivebackoff.pacer.redis.internal;

/** Redis could not be reached or failed; {@link #reason()} says how, in a few words safe to print. */
public final class RedisDownException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** A failure for {@code reason}, caused by {@code cause}. */
    public RedisDownException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** What failed, e.g. {@code Connection refused}. */
    public String reason() {
        return reason;
    }
}
