package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.List;

/** The thread was interrupted while the loop sent or waited. The interrupt flag is set again. */
public final class RetryInterruptedException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final List<AttemptRecord> attempts;

    public RetryInterruptedException(List<AttemptRecord> attempts, InterruptedException cause) {
        super("interrupted after " + attempts.size() + " attempt(s)", cause);
        this.attempts = List.copyOf(attempts);
    }

    /** Every attempt made before the interrupt. */
    public List<AttemptRecord> attempts() {
        return attempts;
    }
}
