package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.ProgressiveBackoffException;

/**
 * Thrown in {@link RedisFailureMode#STOP} when the shared pacer state in Redis cannot be read or updated:
 * no request was started. The message names the Redis server (without credentials), the cause and how to
 * go on; it never contains an API key.
 */
public class RedisUnavailableException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final String target;

    /** A failure to reach {@code target} (e.g. {@code redis://127.0.0.1:6390/0}) for {@code reason}. */
    public RedisUnavailableException(String target, String reason, Throwable cause) {
        super(
                "Redis at " + target + " is unavailable (" + reason + "): no request was started. "
                        + "Start Redis or choose RedisFailureMode.FALLBACK_LOCAL to pace locally meanwhile",
                cause);
        this.target = target;
    }

    /** The Redis server, as {@code redis://host:port/db} without credentials. */
    public String target() {
        return target;
    }
}
