package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Objects;

/**
 * One input line: an id and the chat messages to send, with optional per-line settings.
 *
 * @param id          the id as given (string or number), or the line number when the line had none
 * @param messages    the OpenAI {@code messages} array (a {@code prompt} becomes one user message)
 * @param model       the model for this line, or null for the run's default
 * @param maxTokens   {@code max_tokens} for this line, or null
 * @param temperature {@code temperature} for this line, or null
 * @param line        the 1-based line number in the input file
 */
public record Sample(JsonNode id, ArrayNode messages, String model, Integer maxTokens, Double temperature, int line) {

    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(messages, "messages");
    }

    /** The id as text, for matching against the output when resuming. */
    public String key() {
        return key(id);
    }

    /** The text form of an id node: its text for strings, its decimal form for numbers. */
    public static String key(JsonNode id) {
        return id.isTextual() ? id.asText() : id.toString();
    }
}
