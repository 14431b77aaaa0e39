package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the whole JSONL input before any work starts, so a bad line stops the run before
 * anything is sent or written. Each line is {@code {"id":..., "messages":[...]}} or
 * {@code {"id":..., "prompt":"..."}} with optional {@code model}, {@code max_tokens}, {@code temperature};
 * blank lines are skipped; a missing id becomes a {@linkplain #contentId digest of the line's content}; ids must be
 * unique. Exactly one object per line (lines end at LF or CRLF): anything after it is an error naming the line
 * and column. Every line is decoded on its own, so a byte that is not UTF-8 is reported on its real line.
 */
public final class SampleReader {

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Every sample of {@code file}; the first invalid line stops the reading.
     *
     * @param shown the name used in messages (as the user typed it)
     * @throws UsageException naming the file and line (and field) of the first problem
     */
    public List<Sample> read(Path file, String shown) {
        return read(file, shown, false).samples();
    }

    /**
     * Every sample of {@code file}, and, when {@code skipInvalid}, every invalid line instead of a failure.
     *
     * @param shown       the name used in messages (as the user typed it)
     * @param skipInvalid collect invalid lines rather than stop at the first one
     * @throws UsageException naming the file and line of the first problem (unless skipped), or when the file
     *                        is missing, unreadable or holds no line at all
     */
    public InputLines read(Path file, String shown, boolean skipInvalid) {
        List<Sample> samples = new ArrayList<>();
        List<InvalidLine> invalid = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        if (Files.isDirectory(file)) {
            throw new UsageException("--input: " + shown + " is a directory, not a JSONL file");
        }
        try (ByteLines lines = ByteLines.open(file)) {
            for (Optional<ByteLines.Line> next = lines.next(); next.isPresent(); next = lines.next()) {
                ByteLines.Line line = next.get();
                try {
                    String text = decoded(line, shown);
                    if (text.isBlank()) {
                        continue;
                    }
                    Sample sample = parse(text, line.number(), shown);
                    Integer earlier = seen.putIfAbsent(sample.key(), line.number());
                    if (earlier != null) {
                        throw new InvalidLineException(
                                shown + ":" + line.number() + ": duplicate id " + sample.id() + " (first on line "
                                        + earlier
                                        + (sample.key().startsWith("sha256:") && !text.contains("\"id\"")
                                                ? "; the same content without an id: give each line an id to send both"
                                                : "")
                                        + ")",
                                Optional.of(sample.id()));
                    }
                    samples.add(sample);
                } catch (InvalidLineException bad) {
                    if (!skipInvalid) {
                        throw new UsageException(bad.getMessage());
                    }
                    invalid.add(new InvalidLine(line.number(), bad.id, bad.getMessage()));
                }
            }
        } catch (NoSuchFileException missing) {
            throw new UsageException("--input: no such file: " + shown);
        } catch (IOException unreadable) {
            throw new UsageException("--input: cannot read " + shown + ": " + unreadable.getMessage());
        }
        if (samples.isEmpty() && invalid.isEmpty()) {
            throw new UsageException("--input: " + shown + " holds no samples (the file is empty)");
        }
        return new InputLines(samples, invalid);
    }

    private static String decoded(ByteLines.Line line, String shown) {
        try {
            return line.text();
        } catch (ByteLines.NotUtf8Exception notUtf8) {
            throw new InvalidLineException(shown + ":" + line.number() + ": " + notUtf8.getMessage(), Optional.empty());
        }
    }

    private Sample parse(String line, int lineNumber, String shown) {
        String where = shown + ":" + lineNumber + ": ";
        JsonNode node = oneObject(line, where);
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            id = TextNode.valueOf(contentId(node));
        } else if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new InvalidLineException(where + "field 'id' must be a string or an integer", Optional.empty());
        }
        try {
            return new Sample(
                    id,
                    messages(node, where),
                    optionalText(node, "model", where),
                    maxTokens(node, where),
                    temperature(node, where),
                    lineNumber);
        } catch (UsageException bad) {
            throw new InvalidLineException(bad.getMessage(), Optional.of(id));
        }
    }

    /** Exactly one JSON object, with nothing but white space after it. */
    private JsonNode oneObject(String line, String where) {
        try (JsonParser parser = json.createParser(line)) {
            JsonNode node = json.readTree(parser);
            if (node == null || !node.isObject()) {
                throw new InvalidLineException(where + "expected a JSON object", Optional.empty());
            }
            if (parser.nextToken() != null) {
                int column = parser.currentTokenLocation().getColumnNr();
                throw new InvalidLineException(
                        where + "more after the JSON object at column " + column + " (one object per line"
                                + (line.indexOf('\r') >= 0 ? "; a carriage return alone does not end a line" : "")
                                + ")",
                        Optional.empty());
            }
            return node;
        } catch (JsonProcessingException malformed) {
            int column = malformed.getLocation() == null
                    ? -1
                    : malformed.getLocation().getColumnNr();
            throw new InvalidLineException(
                    where + "not valid JSON (" + firstLine(malformed.getOriginalMessage())
                            + (column > 0 ? " at column " + column : "") + ")",
                    Optional.empty());
        } catch (IOException unreadable) {
            throw new InvalidLineException(
                    where + "not valid JSON (" + unreadable.getMessage() + ")", Optional.empty());
        }
    }

    /**
     * The id of a line that has none: {@code sha256:} and the first 16 hex digits of the SHA-256 of the line's
     * JSON written compactly (field order kept). It depends on the content only, not on the line's place, so
     * inserting or removing lines before a resume keeps every answer paired with its prompt.
     */
    public static String contentId(JsonNode node) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(node.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
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
            if (!message.isObject()
                    || !message.path("role").isTextual()
                    || message.path("role").asText().isBlank()) {
                throw new UsageException(where + "messages[" + i + "] needs a string 'role' and a 'content'");
            }
            JsonNode content = message.path("content");
            if (!(content.isTextual() || content.isArray())) {
                throw new UsageException(where + "field 'messages[" + i + "].content' must be a string or an array");
            }
            if (content.isTextual() && content.asText().isBlank() || content.isArray() && content.isEmpty()) {
                throw new UsageException(where + "field 'messages[" + i + "].content' must not be empty");
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

    /** One line is invalid; carries its id when it could be read. */
    private static final class InvalidLineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Optional<JsonNode> id;

        InvalidLineException(String message, Optional<JsonNode> id) {
            super(message, null, false, false);
            this.id = id;
        }
    }
}
