package dev.progressivebackoff.cli;

import dev.progressivebackoff.core.ProgressiveBackoffException;

/**
 * A bad flag, file or input line: the command prints the message (which names the flag, or the file and
 * line) and exits with 2.
 */
public final class UsageException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    /** With a message naming what was wrong and where. */
    public UsageException(String message) {
        super(message);
    }

    /** With a message and the underlying cause. */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
