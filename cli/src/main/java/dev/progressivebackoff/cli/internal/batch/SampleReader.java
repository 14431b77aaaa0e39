package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.progressivebackoff.cli.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the whole JSONL input before any work starts, so a bad line stops the run before
 * anything is sent or written. Each line is {@code {"id":..., "messages":[...]}} or
 * {@code {"id":..., "prompt":"..."}} with optional {@code model}, {@code max_tokens}, {@code temperature};
 * blank lines are skipped; a missing id becomes the line number; ids must be unique.
 */
public final class SampleReader {

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Every sample of {@code file}.
     *
     * @param shown the name used in messages (as the user typed it)
     * @throws UsageException naming the file and line of the first problem
     */
    public List<Sample> read(Path file, String shown) {
        List<Sample> samples = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Sample sample = parse(line, lineNumber, shown);
                Integer earlier = seen.putIfAbsent(sample.key(), lineNumber);
                if (earlier != null) {
                    throw new UsageException(shown + ":" + lineNumber + ": duplicate id " + sample.id()
                            + " (first on line " + earlier + ")");
                }
                samples.add(sample);
            }
        } catch (NoSuchFileException missing) {
            throw new UsageException("--input: no such file: " + shown);
        } catch (CharacterCodingException notUtf8) {
            throw new UsageException(shown + ":" + (lineNumber + 1) + ": not valid UTF-8 text");
        } catch (IOException unreadable) {
            throw new UsageException("--input: cannot read " + shown + ": " + unreadable.getMessage());
        }
        if (samples.isEmpty()) {
            throw new UsageException("--input: " + shown + " holds no samples");
        }
        return samples;
    }

    private Sample parse(String line, int lineNumber, String shown) {
        String where = shown + ":" + lineNumber + ": ";
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException malformed) {
            throw new UsageException(where + "not valid JSON (" + firstLine(malformed.getOriginalMessage()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new UsageException(where + "expected a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            id = IntNode.valueOf(lineNumber);
        } else if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new UsageException(where + "field 'id' must be a string or an integer");
        }
        return new Sample(id, messages(node, where), optionalText(node, "model", where),
                maxTokens(node, where), temperature(node, where), lineNumber);
    }

    private ArrayNode messages(JsonNode node, String where) {
        boolean hasPrompt = node.has("prompt");
        boolean hasMessages = node.has("messages");
        if (hasPrompt == hasMessages) {
            throw new UsageException(where + "needs exactly one of 'prompt' or 'messages'");
        }
        if (hasPrompt) {
            JsonNode prompt = node.get("prompt");
            if (!prompt.isTextual() || prompt.asText().isBlank()) {
                throw new UsageException(where + "field 'prompt' must be a non-empty string");
            }
            ArrayNode messages = json.createArrayNode();
            messages.addObject().put("role", "user").put("content", prompt.asText());
            return messages;
        }
        JsonNode messages = node.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new UsageException(where + "field 'messages' must be a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject() || !message.path("role").isTextual()
                    || !(message.path("content").isTextual() || message.path("content").isArray())) {
                throw new UsageException(where + "messages[" + i + "] needs a string 'role' and a 'content'");
            }
        }
        return (ArrayNode) messages;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new UsageException(where + "field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static Integer maxTokens(JsonNode node, String where) {
        JsonNode value = node.get("max_tokens");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
            throw new UsageException(where + "field 'max_tokens' must be a positive integer");
        }
        return value.asInt();
    }

    private static Double temperature(JsonNode node, String where) {
        JsonNode value = node.get("temperature");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 2) {
            throw new UsageException(where + "field 'temperature' must be a number from 0 to 2");
        }
        return value.asDouble();
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
