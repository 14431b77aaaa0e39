package dev.progressivebackoff.transport.httpclient5.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.core.signals.ErrorBody;
import java.nio.charset.Charset;

/**
 * Reads an error response body into an {@link ErrorBody}. Understands OpenAI and Moonshot
 * ({@code {"error":{"message","type","code"}}}), Anthropic ({@code {"type":"error","error":{"type","message"}}}),
 * {@code {"error":"text"}} and flat {@code {"message","type","code"}} bodies. Anything else, including an
 * HTML error page, is kept as a short text snippet. Never throws.
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** The error body of {@code body} decoded with {@code charset}; {@link ErrorBody#EMPTY} when blank. */
    public static ErrorBody parse(ObjectMapper mapper, byte[] body, Charset charset) {
        String text = new String(body, charset);
        if (text.isBlank()) {
            return ErrorBody.EMPTY;
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException notJson) {
            return ErrorBody.ofText(TextSnippet.of(text));
        }
        if (root == null || !root.isObject()) {
            return root != null && root.isTextual() ? ErrorBody.ofText(TextSnippet.of(root.textValue()))
                    : ErrorBody.ofText(TextSnippet.of(text));
        }
        JsonNode error = root.get("error");
        ErrorBody parsed;
        if (error != null && error.isObject()) {
            parsed = new ErrorBody(scalar(error.get("type")), scalar(error.get("code")), scalar(error.get("message")));
        } else if (error != null && error.isTextual()) {
            parsed = new ErrorBody(scalar(root.get("type")), scalar(root.get("code")), error.textValue());
        } else {
            String message = scalar(root.get("message"));
            parsed = new ErrorBody(scalar(root.get("type")), scalar(root.get("code")),
                    message != null ? message : scalar(root.get("detail")));
        }
        return parsed.isEmpty() ? ErrorBody.ofText(TextSnippet.of(text)) : parsed;
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }
}
