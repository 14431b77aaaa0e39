package dev.progressivebackoff.client;

import java.util.Objects;

/**
 * A piece of a streamed chat completion's text, as it arrived.
 *
 * @param choice  the choice it belongs to ({@code index}; 0 unless the request asked for several)
 * @param content the text added, never empty
 */
public record ChatDelta(int choice, String content) {

    public ChatDelta {
        Objects.requireNonNull(content, "content");
        if (choice < 0) {
            throw new IllegalArgumentException("choice must not be negative: " + choice);
        }
    }
}
