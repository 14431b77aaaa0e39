package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * One message of a chat conversation.
 *
 * @param role    {@code system}, {@code user}, {@code assistant}, ...
 * @param content its text (for a message of parts, the text of its text parts, for reading only)
 * @param parts   the content as an array of parts ({@code text}, {@code image_url}, ...) sent exactly as given,
 *                or null for a plain text message
 * @param extra   other fields of the message, sent as given after {@code content} (e.g. {@code tool_call_id},
 *                {@code tool_calls}, {@code name}): a JSON object, or null for none
 */
public record ChatMessage(String role, String content, JsonNode parts, JsonNode extra) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (role.isBlank()) {
            throw new IllegalArgumentException("role must not be blank");
        }
        if (parts != null && !parts.isArray()) {
            throw new IllegalArgumentException("parts must be a JSON array");
        }
        parts = parts == null ? null : parts.deepCopy();
        extra = checkedExtra(extra);
    }

    /** A message without extra fields: plain text ({@code parts} null) or parts. */
    public ChatMessage(String role, String content, JsonNode parts) {
        this(role, content, parts, null);
    }

    /** A plain text message. */
    public ChatMessage(String role, String content) {
        this(role, content, null, null);
    }

    private static JsonNode checkedExtra(JsonNode extra) {
        if (extra == null || extra.isEmpty()) {
            return null;
        }
        if (!extra.isObject()) {
            throw new IllegalArgumentException("extra must be a JSON object");
        }
        if (extra.has("role") || extra.has("content")) {
            throw new IllegalArgumentException("extra must not hold role or content: they are modelled");
        }
        return extra.deepCopy();
    }

    /**
     * This message with one more field sent as given, e.g. {@code withExtra("name", TextNode.valueOf("alice"))}.
     *
     * @param name  the field's name (not {@code role} or {@code content})
     * @param value its value
     * @return the new message
     */
    public ChatMessage withExtra(String name, JsonNode value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        ObjectNode fields = extra == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) extra.deepCopy();
        fields.set(name, value);
        return new ChatMessage(role, content, parts, fields);
    }

    /**
     * A {@code tool} message: the result of one tool call, answering the assistant's call {@code toolCallId}.
     *
     * @param toolCallId the {@code id} of the assistant's tool call
     * @param content    the tool's result
     * @return the message
     */
    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content).withExtra("tool_call_id", TextNode.valueOf(toolCallId));
    }

    /**
     * An {@code assistant} message that called tools, as a response's {@link ChatResponse#toolCalls()} gave them,
     * to send back in the conversation before the {@link #tool} results.
     *
     * @param toolCalls the {@code tool_calls} array
     * @return the message
     */
    public static ChatMessage assistantToolCalls(JsonNode toolCalls) {
        Objects.requireNonNull(toolCalls, "toolCalls");
        return new ChatMessage("assistant", "").withExtra("tool_calls", toolCalls);
    }

    /** The extra fields' copy kept by this message (null when none): never handed out for changing. */
    @Override
    public JsonNode extra() {
        return extra == null ? null : extra.deepCopy();
    }

    /** A message whose content is an array of parts, passed through as given. */
    public static ChatMessage ofParts(String role, JsonNode parts) {
        Objects.requireNonNull(parts, "parts");
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (part.path("text").isTextual()) {
                text.append(text.length() == 0 ? "" : "\n")
                        .append(part.get("text").asText());
            }
        }
        return new ChatMessage(role, text.toString(), parts);
    }

    /** The parts' copy kept by this message: never handed out for changing. */
    @Override
    public JsonNode parts() {
        return parts == null ? null : parts.deepCopy();
    }

    /** A {@code system} message. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /** A {@code user} message. */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /** An {@code assistant} message. */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
