package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.List;

/** Every allowed rate-limit retry got a 429. Carries every attempt. */
public final class RetriesExhaustedException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    /** The documented message, given by the default policy (another policy names itself instead). */
    public static final String MESSAGE = "Max retries exceeded (after proper tier-aware backoff)";

    private final List<AttemptRecord> attempts;

    public RetriesExhaustedException(String message, List<AttemptRecord> attempts) {
        super(message);
        this.attempts = List.copyOf(attempts);
    }

    /** Every attempt: status, wait after it, source of that wait. */
    public List<AttemptRecord> attempts() {
        return attempts;
    }

    /** The status of the last attempt. */
    public int lastStatus() {
        return attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).status();
    }
}
