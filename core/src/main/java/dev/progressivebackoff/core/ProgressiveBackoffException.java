package dev.progressivebackoff.core;

import java.util.OptionalInt;

/** The root of every exception the toolkit throws; unchecked. */
public class ProgressiveBackoffException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP requests the failed call sent; -1 while nobody counted them. */
    private int requestsSent = -1;

    public ProgressiveBackoffException(String message) {
        super(message);
    }

    public ProgressiveBackoffException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * How many HTTP requests the failed call sent, transport retries included, when the code that sent them
     * counted them (a client does; the rate-limit loop alone only knows its own attempts).
     */
    public OptionalInt requestsSent() {
        return requestsSent < 0 ? OptionalInt.empty() : OptionalInt.of(requestsSent);
    }

    /**
     * Records how many HTTP requests the failed call sent, before this exception leaves the code that counted
     * them.
     *
     * @param requests the requests sent, not negative
     * @return this exception
     */
    public ProgressiveBackoffException withRequestsSent(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        this.requestsSent = requests;
        return this;
    }
}
