package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The server asked for a wait longer than the configured maximum. Rather than sleep for hours, the call
 * fails at once and says when the server will accept requests again.
 */
public final class RateLimitedUntilException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final Instant until;
    private final Duration requested;
    private final Duration maximum;
    private final WaitSource source;
    private final List<AttemptRecord> attempts;

    /** The server asked, through {@code source}, for {@code requested}, more than {@code maximum}. */
    public RateLimitedUntilException(
            Instant until, Duration requested, Duration maximum, WaitSource source, List<AttemptRecord> attempts) {
        this(
                "rate limited until " + until + " (" + source.wireName() + " asked for "
                        + Seconds.format(requested) + ", more than the maximum server wait of "
                        + Seconds.format(maximum) + ")",
                until,
                requested,
                maximum,
                source,
                attempts);
    }

    /** As above, with the decision's own account of why (e.g. a daily quota exhausted until its reset). */
    public RateLimitedUntilException(
            String reason,
            Instant until,
            Duration requested,
            Duration maximum,
            WaitSource source,
            List<AttemptRecord> attempts) {
        super(reason);
        this.until = until;
        this.requested = requested;
        this.maximum = maximum;
        this.source = source;
        this.attempts = List.copyOf(attempts);
    }

    /** When the server will accept requests again. */
    public Instant until() {
        return until;
    }

    /** The wait the server asked for. */
    public Duration requested() {
        return requested;
    }

    /** The configured maximum it exceeded. */
    public Duration maximum() {
        return maximum;
    }

    /** The field that asked. */
    public WaitSource source() {
        return source;
    }

    /** Every attempt made. */
    public List<AttemptRecord> attempts() {
        return attempts;
    }
}
