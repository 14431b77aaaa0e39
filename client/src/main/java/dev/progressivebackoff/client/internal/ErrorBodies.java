package dev.progressivebackoff.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.core.signals.ErrorBody;
import java.nio.charset.Charset;

/**
 * Reads an error response body into an {@link ErrorBody}. Understands OpenAI and Moonshot
 * ({@code {"error":{"message","type","code"}}}), Anthropic ({@code {"type":"error","error":{"type","message"}}}),
 * {@code {"error":"text"}} and flat {@code {"message","type","code"}} bodies. Anything else, including an
 * HTML error page, is kept as a short text snippet. Never throws, whatever the bytes; the parts it keeps are
 * bounded ({@link #MAX_MESSAGE_CHARS}, {@link #MAX_NAME_CHARS}), so a hostile server cannot flood logs and files.
 */
public final class ErrorBodies {

    /** The longest message kept from a JSON body. */
    public static final int MAX_MESSAGE_CHARS = 2000;
    /** The longest {@code type} or {@code code} kept. */
    public static final int MAX_NAME_CHARS = 200;

    private ErrorBodies() {
    }

    /** The error body of {@code body} decoded with {@code charset}; {@link ErrorBody#EMPTY} when blank. */
    public static ErrorBody parse(ObjectMapper mapper, byte[] body, Charset charset) {
        try {
            return parseText(mapper, new String(body, charset));
        } catch (RuntimeException unexpected) {
            // The parser's own limits (nesting, string length) raise JsonProcessingException; this is the backstop.
            return ErrorBody.ofText("unreadable error body (" + body.length + " bytes)");
        }
    }

    private static ErrorBody parseText(ObjectMapper mapper, String text) {
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
            parsed = new ErrorBody(name(error.get("type")), name(error.get("code")), message(error.get("message")));
        } else if (error != null && error.isTextual()) {
            parsed = new ErrorBody(name(root.get("type")), name(root.get("code")), message(error));
        } else {
            String message = message(root.get("message"));
            parsed = new ErrorBody(name(root.get("type")), name(root.get("code")),
                    message != null ? message : message(root.get("detail")));
        }
        return parsed.isEmpty() ? ErrorBody.ofText(TextSnippet.of(text)) : parsed;
    }

    private static String name(JsonNode node) {
        return cut(scalar(node), MAX_NAME_CHARS);
    }

    private static String message(JsonNode node) {
        return cut(scalar(node), MAX_MESSAGE_CHARS);
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }
}
