package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * One choice of a chat completion ({@code n} greater than 1 asks for several).
 *
 * @param index        its {@code index}
 * @param content      its message's text (empty when the server sent null, e.g. beside tool calls)
 * @param toolCalls    its message's {@code tool_calls} as sent (an empty array when none)
 * @param finishReason its {@code finish_reason}, or null
 */
public record ChatChoice(int index, String content, JsonNode toolCalls, String finishReason) {

    public ChatChoice {
        Objects.requireNonNull(content, "content");
        toolCalls =
                toolCalls == null || !toolCalls.isArray() ? JsonNodeFactory.instance.arrayNode() : toolCalls.deepCopy();
    }

    /** The tool calls' copy kept by this choice: never handed out for changing. */
    @Override
    public JsonNode toolCalls() {
        return toolCalls.deepCopy();
    }
}
