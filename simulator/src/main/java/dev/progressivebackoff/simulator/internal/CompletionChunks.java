package dev.progressivebackoff.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat completion as OpenAI streams it (server-sent events of {@code chat.completion.chunk} objects): a first
 * delta with the role, the content in deltas of a few words, a last chunk with the {@code finish_reason} and an
 * empty delta, then (with {@code stream_options.include_usage}) a chunk with the usage and no choices, then
 * {@code data: [DONE]}. With the usage asked for, every other chunk has {@code "usage": null}, as OpenAI sends.
 * Stateless.
 */
public final class CompletionChunks {

    /** Words per content delta. */
    private static final int WORDS_PER_DELTA = 3;

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;

    /** Uses {@code json} to write the chunks. */
    public CompletionChunks(ObjectMapper json) {
        this.json = json;
    }

    /** True if {@code requestBody} asks for a stream ({@code "stream": true}). */
    public boolean streams(byte[] requestBody) {
        return read(requestBody).path("stream").asBoolean(false);
    }

    /** The events streaming {@code completion}, each a whole {@code data:} event with its blank line. */
    public List<byte[]> events(byte[] requestBody, ObjectNode completion) {
        boolean usage =
                read(requestBody).path("stream_options").path("include_usage").asBoolean(false);
        JsonNode choice = completion.path("choices").path(0);
        List<byte[]> events = new ArrayList<>();
        ObjectNode first = chunk(completion, usage);
        choices(first)
                .addObject()
                .put("index", 0)
                .putNull("finish_reason")
                .putObject("delta")
                .put("role", "assistant")
                .put("content", "");
        events.add(event(first));
        for (String piece : pieces(choice.path("message").path("content").asText(""))) {
            ObjectNode delta = chunk(completion, usage);
            choices(delta)
                    .addObject()
                    .put("index", 0)
                    .putNull("finish_reason")
                    .putObject("delta")
                    .put("content", piece);
            events.add(event(delta));
        }
        ObjectNode last = chunk(completion, usage);
        ObjectNode finish = choices(last).addObject().put("index", 0);
        finish.putObject("delta");
        finish.set("finish_reason", choice.path("finish_reason"));
        events.add(event(last));
        if (usage) {
            ObjectNode counted = chunk(completion, false);
            counted.putArray("choices");
            counted.set("usage", completion.path("usage"));
            events.add(event(counted));
        }
        events.add(DONE.clone());
        return events;
    }

    /** {@code content} in deltas of a few words, each word keeping the space before the next. */
    static List<String> pieces(String content) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int words = 0;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == ' ' && ++words == WORDS_PER_DELTA) {
                pieces.add(content.substring(start, i + 1));
                start = i + 1;
                words = 0;
            }
        }
        if (start < content.length()) {
            pieces.add(content.substring(start));
        }
        return pieces;
    }

    private ObjectNode chunk(ObjectNode completion, boolean nullUsage) {
        ObjectNode chunk = json.createObjectNode();
        chunk.set("id", completion.path("id"));
        chunk.put("object", "chat.completion.chunk");
        chunk.set("created", completion.path("created"));
        chunk.set("model", completion.path("model"));
        chunk.putArray("choices");
        if (nullUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ArrayNode choices(ObjectNode chunk) {
        return (ArrayNode) chunk.get("choices");
    }

    private byte[] event(ObjectNode chunk) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write("data: ".getBytes(StandardCharsets.UTF_8));
            json.writeValue(out, chunk);
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private JsonNode read(byte[] requestBody) {
        try {
            JsonNode request = json.readTree(requestBody);
            return request == null ? json.missingNode() : request;
        } catch (IOException | RuntimeException notJson) {
            return json.missingNode();
        }
    }
}
