package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A chat completion and what it cost to get it: the first choice typed, every choice, and the raw JSON for
 * fields not modelled here.
 *
 * @param content          the first choice's message content (empty string when the server sent null)
 * @param finishReason     the first choice's {@code finish_reason}, or null
 * @param usage            token usage
 * @param model            the model the server says answered, or null
 * @param toolCalls        the first choice's {@code tool_calls} as sent (an empty array when none or not an array)
 * @param attempts         HTTP requests sent for it, transport and rate-limit retries included
 * @param rateLimitRetries how many 429s were waited out
 * @param waited           total time spent waiting (rate-limit and transport waits)
 * @param choices          every choice, in the server's order (the first is the one above)
 * @param raw              the response JSON as received (a missing node when not built from a response)
 */
public record ChatResponse(
        String content,
        String finishReason,
        Usage usage,
        String model,
        JsonNode toolCalls,
        int attempts,
        int rateLimitRetries,
        Duration waited,
        List<ChatChoice> choices,
        JsonNode raw) {

    public ChatResponse {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(usage, "usage");
        toolCalls =
                toolCalls == null || !toolCalls.isArray() ? JsonNodeFactory.instance.arrayNode() : toolCalls.deepCopy();
        Objects.requireNonNull(waited, "waited");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        choices = choices == null ? List.of(new ChatChoice(0, content, toolCalls, finishReason)) : List.copyOf(choices);
        raw = raw == null ? MissingNode.getInstance() : raw.deepCopy();
    }

    /** A response with one choice, the one given, and no raw JSON. */
    public ChatResponse(
            String content,
            String finishReason,
            Usage usage,
            String model,
            JsonNode toolCalls,
            int attempts,
            int rateLimitRetries,
            Duration waited) {
        this(content, finishReason, usage, model, toolCalls, attempts, rateLimitRetries, waited, null, null);
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
        this(content, finishReason, usage, model, null, attempts, rateLimitRetries, waited, null, null);
    }

    /** The tool calls' copy kept by this response. */
    @Override
    public JsonNode toolCalls() {
        return toolCalls.deepCopy();
    }

    /** The raw JSON's copy kept by this response, e.g. {@code raw().path("system_fingerprint")}. */
    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /** True when the answer says something: content that is not empty, or at least one tool call. */
    public boolean hasAnswer() {
        return !content.isEmpty() || !toolCalls.isEmpty();
    }
}
