package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One message of a chat conversation.
 *
 * @param role    {@code system}, {@code user}, {@code assistant}, ...
 * @param content its text (for a message of parts, the text of its text parts, for reading only)
 * @param parts   the content as an array of parts ({@code text}, {@code image_url}, ...) sent exactly as given,
 *                or null for a plain text message
 */
public record ChatMessage(String role, String content, JsonNode parts) {

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
    }

    /** A plain text message. */
    public ChatMessage(String role, String content) {
        this(role, content, null);
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
