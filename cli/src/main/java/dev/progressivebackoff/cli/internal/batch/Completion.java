package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * A completed sample.
 *
 * @param content     the assistant's answer
 * @param model       the model that answered
 * @param usage       the response's {@code usage} object as sent
 * @param attempts    HTTP requests sent for it, transport and rate-limit retries included (1 when the first succeeded)
 * @param waited      time spent waiting on rate limits
 * @param rateLimited 429s met on the way
 * @param toolCalls   the answer's {@code tool_calls} as sent (an empty array when none)
 */
public record Completion(
        String content,
        String model,
        JsonNode usage,
        int attempts,
        Duration waited,
        int rateLimited,
        JsonNode toolCalls) {

    public Completion {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(waited, "waited");
        toolCalls = toolCalls == null ? JsonNodeFactory.instance.arrayNode() : toolCalls;
        if (attempts < 1 || rateLimited < 0) {
            throw new IllegalArgumentException("attempts must be positive and rateLimited not negative");
        }
    }

    /** A completion without tool calls. */
    public Completion(String content, String model, JsonNode usage, int attempts, Duration waited, int rateLimited) {
        this(content, model, usage, attempts, waited, rateLimited, null);
    }
}
