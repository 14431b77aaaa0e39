package dev.progressivebackoff.client.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.ChatChoice;
import dev.progressivebackoff.client.ChatMessage;
import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.TeacherClientException;
import dev.progressivebackoff.client.Usage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The OpenAI chat completion wire format, both ways. */
public final class ChatJson {

    private ChatJson() {}

    /**
     * The request body: {@code model}, {@code messages}, {@code temperature} and {@code max_tokens} when set,
     * then the extra fields. Written straight to bytes (no tree for the modelled fields; the extras, which never
     * repeat a modelled name, go through a tree as before so they serialise exactly as they always did).
     */
    public static byte[] request(ObjectMapper mapper, ChatRequest request, String defaultModel) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256);
                JsonGenerator json = mapper.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model", request.model().orElse(defaultModel));
            json.writeArrayFieldStart("messages");
            for (ChatMessage message : request.messages()) {
                json.writeStartObject();
                json.writeStringField("role", message.role());
                if (message.parts() != null) {
                    json.writeFieldName("content");
                    json.writeTree(message.parts());
                } else {
                    json.writeStringField("content", message.content());
                }
                writeExtra(json, message);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (request.temperature().isPresent()) {
                json.writeNumberField("temperature", request.temperature().getAsDouble());
            }
            if (request.maxTokens().isPresent()) {
                json.writeNumberField("max_tokens", request.maxTokens().getAsInt());
            }
            for (Map.Entry<String, Object> extra : request.extra().entrySet()) {
                JsonNode value = mapper.valueToTree(extra.getValue());
                json.writeFieldName(extra.getKey());
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeTree(value);
                }
            }
            json.writeEndObject();
            json.flush();
            return bytes.toByteArray();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the chat request cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the chat request cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The message's extra fields, after its content, as given. */
    private static void writeExtra(JsonGenerator json, ChatMessage message) throws IOException {
        JsonNode extra = message.extra();
        if (extra == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : extra.properties()) {
            json.writeFieldName(field.getKey());
            json.writeTree(field.getValue());
        }
    }

    /**
     * The response: first choice's content and finish reason, usage, model, every choice, the JSON itself.
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
        if (!choice.isObject() && root.path("error").isObject()) {
            JsonNode message = root.path("error").path("message");
            throw new TeacherClientException(
                    "the server answered with an error in place of a completion: "
                            + (message.isTextual()
                                    ? message.textValue()
                                    : root.path("error").toString()),
                    null);
        }
        if (!choice.isObject()) {
            throw new TeacherClientException("the chat completion has no choices", null);
        }
        ChatChoice first = choice(choice, 0);
        JsonNode usage = root.path("usage");
        return new ChatResponse(
                first.content(),
                first.finishReason(),
                usage.isObject()
                        ? new Usage(
                                usage.path("prompt_tokens").asLong(0),
                                usage.path("completion_tokens").asLong(0),
                                usage.path("total_tokens").asLong(0))
                        : Usage.NONE,
                text(root.path("model")),
                choice.path("message").path("tool_calls"),
                attempts,
                rateLimitRetries,
                waited,
                choices(root.path("choices")),
                root);
    }

    private static List<ChatChoice> choices(JsonNode array) {
        List<ChatChoice> choices = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isObject()) {
                choices.add(choice(array.get(i), i));
            }
        }
        return choices;
    }

    /** One choice; its index is the server's, or its position when the server sent none. */
    private static ChatChoice choice(JsonNode choice, int position) {
        JsonNode message = choice.path("message");
        JsonNode content = message.path("content");
        return new ChatChoice(
                choice.path("index").canConvertToInt() ? choice.path("index").intValue() : position,
                content.isTextual() ? content.textValue() : "",
                message.path("tool_calls"),
                text(choice.path("finish_reason")));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }
}
