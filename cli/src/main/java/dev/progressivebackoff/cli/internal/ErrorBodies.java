package dev.progressivebackoff.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.core.signals.ErrorBody;
import java.io.IOException;

/**
 * Reads an error response body into an {@link ErrorBody}: the OpenAI/Moonshot shape
 * {@code {"error":{"message","type","code"}}}, the Anthropic shape {@code {"type":"error","error":{...}}},
 * a bare {@code {"message": ...}}; anything else is kept as text.
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** The body's parts; {@link ErrorBody#EMPTY} for a blank body. Never throws. */
    public static ErrorBody parse(String body) {
        if (body == null || body.isBlank()) {
            return ErrorBody.EMPTY;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return ErrorBody.ofText(body);
        }
        if (root == null || !root.isObject()) {
            return ErrorBody.ofText(body);
        }
        JsonNode error = root.path("error");
        if (error.isObject()) {
            return new ErrorBody(text(error, "type"), text(error, "code"), text(error, "message"));
        }
        if (error.isTextual()) {
            return new ErrorBody(null, null, error.asText());
        }
        return new ErrorBody(text(root, "type"), text(root, "code"), text(root, "message"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
