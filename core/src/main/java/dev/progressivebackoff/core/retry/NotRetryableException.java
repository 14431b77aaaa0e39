package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.List;
import java.util.Optional;

/**
 * The server answered with something retrying cannot fix: quota or billing exhausted, a request too
 * large, a daily cap, 4xx, {@code x-should-retry: false}, or a 5xx the transport already retried.
 */
public final class NotRetryableException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String serverMessage;
    private final List<AttemptRecord> attempts;

    public NotRetryableException(int status, String reason, String serverMessage, List<AttemptRecord> attempts) {
        super(withStatus(status, reason) + (serverMessage == null ? "" : " — " + serverMessage));
        this.status = status;
        this.serverMessage = serverMessage;
        this.attempts = List.copyOf(attempts);
    }

    /** {@code HTTP <status>: reason}, once: a reason that already starts with the status keeps its own. */
    private static String withStatus(int status, String reason) {
        String prefix = "HTTP " + status;
        return reason.startsWith(prefix) ? reason : prefix + ": " + reason;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The server's own message, when it sent one. */
    public Optional<String> serverMessage() {
        return Optional.ofNullable(serverMessage);
    }

    /** Every attempt made, the failing one last. */
    public List<AttemptRecord> attempts() {
        return attempts;
    }
}
