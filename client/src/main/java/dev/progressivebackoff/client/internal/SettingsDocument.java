package dev.progressivebackoff.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.SettingsException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A settings file as a JSON object, and where its fields are, for messages that name the line. */
public final class SettingsDocument {

    private SettingsDocument() {}

    /**
     * The document's top-level object.
     *
     * @throws SettingsException it is not JSON (naming the line and column), or not an object
     */
    public static JsonNode parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new SettingsException(
                    source,
                    line,
                    null,
                    "not valid JSON" + (column > 0 ? " at column " + column : "") + ": "
                            + firstLine(e.getOriginalMessage()),
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new SettingsException(source, null, "expected a JSON object of settings", null);
        }
        return root;
    }

    /** The line each top-level field starts on (the last one for a repeated name). */
    public static Map<String, Integer> fieldLines(String json) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return lines;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                lines.put(parser.currentName(), parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException alreadyParsed) {
            // The document was read once already; lines are only a help for messages.
        }
        return lines;
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
