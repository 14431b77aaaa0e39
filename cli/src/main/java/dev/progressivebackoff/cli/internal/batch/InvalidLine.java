package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * An input line that is not a valid sample, kept (with {@code --skip-invalid}) to be recorded in the
 * failures file.
 *
 * @param line    the 1-based line number
 * @param id      the line's id when it could be read, else empty
 * @param message what is wrong, naming the file, the line and the field: {@code in.jsonl:7: field 'max_tokens' ...}
 */
public record InvalidLine(int line, Optional<JsonNode> id, String message) {

    public InvalidLine {
        if (line < 1) {
            throw new IllegalArgumentException("line is 1-based: " + line);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
    }
}
