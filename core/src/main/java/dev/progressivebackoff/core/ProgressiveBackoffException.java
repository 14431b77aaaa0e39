package dev.progressivebackoff.core;

/** The root of every exception the toolkit throws; unchecked. */
public class ProgressiveBackoffException extends RuntimeException {

    public ProgressiveBackoffException(String message) {
        super(message);
    }

    public ProgressiveBackoffException(String message, Throwable cause) {
        super(message, cause);
    }
}
