package dev.progressivebackoff.client;

import dev.progressivebackoff.core.ProgressiveBackoffException;

/** The server answered 2xx but the body is not a chat completion the client can read. */
public final class TeacherClientException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    /** An exception; the message never contains the API key. */
    public TeacherClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
