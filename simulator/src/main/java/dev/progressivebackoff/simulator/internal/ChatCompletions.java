package dev.progressivebackoff.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Turns an OpenAI chat-completions request into a deterministic response body. Stateless. */
public final class ChatCompletions {

    private final ObjectMapper json;

    /** Uses {@code json} for reading and building bodies. */
    public ChatCompletions(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The response to {@code requestBody}.
     *
     * @throws InvalidRequestException when the body is not a valid chat-completions request
     */
    public ObjectNode complete(byte[] requestBody, List<String> models, Instant now) {
        JsonNode request;
        try {
            request = json.readTree(requestBody);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("Invalid request: the body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw new InvalidRequestException("Invalid request: the body must be a JSON object");
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("Invalid request: 'messages' must be a non-empty array");
        }
        String model = request.path("model").isTextual() ? request.get("model").asText() : models.get(0);
        int maxTokens = request.path("max_tokens").canConvertToInt()
                ? request.get("max_tokens").asInt()
                : 0;
        String lastUser = "";
        int promptTokens = 0;
        for (JsonNode message : messages) {
            String content = text(message.path("content"));
            promptTokens += CompletionText.tokens(content) + 4;
            if ("user".equals(message.path("role").asText())) {
                lastUser = content;
            }
        }
        String fingerprint = messages.toString();
        CompletionText.Answer answer = CompletionText.answer(lastUser, fingerprint, maxTokens);
        return body(model, answer, promptTokens, CompletionText.fingerprintHex(fingerprint + model), now);
    }

    private ObjectNode body(String model, CompletionText.Answer answer, int promptTokens, String id, Instant now) {
        ObjectNode body = json.createObjectNode();
        body.put("id", "chatcmpl-sim-" + id);
        body.put("object", "chat.completion");
        body.put("created", now.getEpochSecond());
        body.put("model", model);
        ArrayNode choices = body.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.content());
        choice.put("finish_reason", answer.finishReason());
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", answer.tokens());
        usage.put("total_tokens", promptTokens + answer.tokens());
        return body;
    }

    /** A message's text: a string, or the {@code text} parts of a content array. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder joined = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    joined.append(joined.length() == 0 ? "" : " ")
                            .append(part.get("text").asText());
                }
            }
        }
        return joined.toString();
    }

    /** The request is not a valid chat-completions request; answered with 400. */
    public static final class InvalidRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** With the message sent back to the client. */
        public InvalidRequestException(String message) {
            super(message);
        }
    }
}
