package dev.progressivebackoff.cli.internal.batch;

import java.util.OptionalInt;

/** A sample that could not be completed; recorded in the failures file. */
public class SampleFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final OptionalInt status;
    private final int attempts;
    private final int rateLimited;

    /**
     * A failure.
     *
     * @param message     what went wrong (never containing the API key)
     * @param status      the last HTTP status, if a response came
     * @param attempts    HTTP requests sent for the sample, transport and rate-limit retries included
     * @param rateLimited 429s met
     */
    public SampleFailedException(String message, OptionalInt status, int attempts, int rateLimited) {
        super(message);
        this.status = status;
        this.attempts = attempts;
        this.rateLimited = rateLimited;
    }

    /** The last HTTP status, if any. */
    public OptionalInt status() {
        return status;
    }

    /** Attempts made. */
    public int attempts() {
        return attempts;
    }

    /** 429s met. */
    public int rateLimited() {
        return rateLimited;
    }
}
