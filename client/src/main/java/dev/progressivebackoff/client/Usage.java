package dev.progressivebackoff.client;

/**
 * Token usage a response reported; zeros when it reported none.
 *
 * @param promptTokens     {@code prompt_tokens}
 * @param completionTokens {@code completion_tokens}
 * @param totalTokens      {@code total_tokens}
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

    /** No usage reported. */
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }
}
