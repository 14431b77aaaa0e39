package dev.progressivebackoff.transport.httpclient5.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.transport.httpclient5.ChatMessage;
import dev.progressivebackoff.transport.httpclient5.ChatRequest;
import dev.progressivebackoff.transport.httpclient5.ChatResponse;
import dev.progressivebackoff.transport.httpclient5.TeacherClientException;
import dev.progressivebackoff.transport.httpclient5.Usage;
import java.time.Duration;

/** The OpenAI chat completion wire format, both ways. */
public final class ChatJson {

    private ChatJson() {
    }

    /**
     * The request body: {@code model}, {@code messages}, {@code temperature} and {@code max_tokens} when set,
     * then the extra fields.
     */
    public static byte[] request(ObjectMapper mapper, ChatRequest request, String defaultModel) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", request.model().orElse(defaultModel));
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        request.temperature().ifPresent(t -> root.put("temperature", t));
        request.maxTokens().ifPresent(m -> root.put("max_tokens", m));
        request.extra().forEach((name, value) -> root.set(name, mapper.valueToTree(value)));
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the chat request cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The response: first choice's content and finish reason, usage, model.
     *
     * @throws TeacherClientException if the body is empty, not an object, or has no choice
     */
    public static ChatResponse response(JsonNode root, int attempts, int rateLimitRetries, Duration waited) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new TeacherClientException("the chat completion response has an empty body", null);
        }
        if (!root.isObject()) {
            throw new TeacherClientException("the chat completion response is not a JSON object", null);
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            throw new TeacherClientException("the chat completion has no choices", null);
        }
        JsonNode content = choice.path("message").path("content");
        JsonNode usage = root.path("usage");
        return new ChatResponse(
                content.isTextual() ? content.textValue() : "",
                text(choice.path("finish_reason")),
                usage.isObject() ? new Usage(usage.path("prompt_tokens").asLong(0),
                        usage.path("completion_tokens").asLong(0), usage.path("total_tokens").asLong(0)) : Usage.NONE,
                text(root.path("model")),
                attempts, rateLimitRetries, waited);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }
}
