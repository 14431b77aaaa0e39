package dev.progressivebackoff.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.progressivebackoff.client.ChatDelta;
import dev.progressivebackoff.client.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles a streamed chat completion from its {@code chat.completion.chunk} objects: each choice's
 * {@code delta.content} is a delta (the first choice's are joined into the text), the first choice's
 * {@code finish_reason} ends it, and a chunk's non-null {@code usage} (the last one, with
 * {@code stream_options.include_usage}) is the usage. Confined to the stream's reader.
 */
public final class ChatChunks {

    private final StringBuilder text = new StringBuilder();
    private int deltas;
    private String finishReason;
    private String model;
    private Usage usage;

    /** The deltas in {@code chunk} (empty content is not a delta), noting its finish reason, model and usage. */
    public List<ChatDelta> accept(JsonNode chunk) {
        if (chunk.path("model").isTextual()) {
            model = chunk.get("model").textValue();
        }
        JsonNode reported = chunk.path("usage");
        if (reported.isObject()) {
            usage = new Usage(
                    reported.path("prompt_tokens").asLong(0),
                    reported.path("completion_tokens").asLong(0),
                    reported.path("total_tokens").asLong(0));
        }
        List<ChatDelta> found = new ArrayList<>(1);
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode content = choice.path("delta").path("content");
            if (content.isTextual() && !content.textValue().isEmpty()) {
                found.add(new ChatDelta(index, content.textValue()));
                if (index == 0) {
                    text.append(content.textValue());
                }
            }
            if (index == 0 && choice.path("finish_reason").isTextual()) {
                finishReason = choice.get("finish_reason").textValue();
            }
        }
        deltas += found.size();
        return found;
    }

    /** A whole completion sent in place of chunks (a server that does not stream): one delta, if any text. */
    public List<ChatDelta> acceptWhole(String content, String finish, String answeredBy, Usage reported) {
        finishReason = finish == null ? "stop" : finish;
        model = answeredBy;
        usage = reported.totalTokens() > 0 ? reported : null;
        if (content.isEmpty()) {
            return List.of();
        }
        text.append(content);
        deltas++;
        return List.of(new ChatDelta(0, content));
    }

    /** The first choice's text so far. */
    public String text() {
        return text.toString();
    }

    /** Deltas so far, every choice. */
    public int deltas() {
        return deltas;
    }

    /** True once the first choice has its finish reason. */
    public boolean finished() {
        return finishReason != null;
    }

    /** The first choice's finish reason, or null. */
    public String finishReason() {
        return finishReason;
    }

    /** The model the chunks name, or null. */
    public String model() {
        return model;
    }

    /** The usage, once a chunk reported it. */
    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }
}
