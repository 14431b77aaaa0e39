package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * A chat completion and what it cost to get it.
 *
 * @param content          the first choice's message content (empty string when the server sent null)
 * @param finishReason     the first choice's {@code finish_reason}, or null
 * @param usage            token usage
 * @param model            the model the server says answered, or null
 * @param toolCalls        the first choice's {@code tool_calls} as sent (an empty array when none)
 * @param attempts         HTTP requests sent for it, transport and rate-limit retries included
 * @param rateLimitRetries how many 429s were waited out
 * @param waited           total time spent waiting (rate-limit and transport waits)
 */
public record ChatResponse(
        String content,
        String finishReason,
        Usage usage,
        String model,
        JsonNode toolCalls,
        int attempts,
        int rateLimitRetries,
        Duration waited) {

    public ChatResponse {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(usage, "usage");
        toolCalls = toolCalls == null ? JsonNodeFactory.instance.arrayNode() : toolCalls.deepCopy();
        Objects.requireNonNull(waited, "waited");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
    }

    /** A response without tool calls. */
    public ChatResponse(
            String content,
            String finishReason,
            Usage usage,
            String model,
            int attempts,
            int rateLimitRetries,
            Duration waited) {
        this(content, finishReason, usage, model, null, attempts, rateLimitRetries, waited);
    }

    /** The tool calls' copy kept by this response. */
    @Override
    public JsonNode toolCalls() {
        return toolCalls.deepCopy();
    }

    /** True when the answer says something: content that is not empty, or at least one tool call. */
    public boolean hasAnswer() {
        return !content.isEmpty() || !toolCalls.isEmpty();
    }
}
