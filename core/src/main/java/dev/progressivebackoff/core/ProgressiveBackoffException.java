package dev.progressivebackoff.core;

/** The root of every exception the toolkit throws; unchecked. */
public class ProgressiveBackoffException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProgressiveBackoffException(String message) {
        super(message);
    }

    public ProgressiveBackoffException(String message, Throwable cause) {
        super(message, cause);
    }
}
