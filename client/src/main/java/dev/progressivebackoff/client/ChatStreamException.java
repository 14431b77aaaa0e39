package dev.progressivebackoff.client;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.Objects;

/**
 * A streamed chat completion failed after its first byte: the connection was cut, the server sent an error or
 * something unreadable, or the stream ended early. It is never retried (the text already delivered would be
 * delivered twice); it carries what was received. The message never contains the API key.
 */
public final class ChatStreamException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final String partialText;
    private final int deltas;

    /**
     * An exception.
     *
     * @param message     what went wrong
     * @param partialText the first choice's text received before the failure
     * @param deltas      how many deltas were received (every choice)
     * @param cause       the I/O or parse failure, or null
     */
    public ChatStreamException(String message, String partialText, int deltas, Throwable cause) {
        super(message, cause);
        this.partialText = Objects.requireNonNull(partialText, "partialText");
        this.deltas = deltas;
    }

    /** The first choice's text received before the failure (may be empty). */
    public String partialText() {
        return partialText;
    }

    /** How many deltas were received before the failure. */
    public int deltasReceived() {
        return deltas;
    }
}
