package dev.progressivebackoff.client;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.Optional;
import java.util.OptionalInt;

/** A settings or tier catalog file could not be read: unreadable, not JSON, an unknown field or a bad value. */
public final class SettingsException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;

    /**
     * An exception whose message starts with the source and the field: {@code settings.json: field
     * 'maxRetries': maxRetries must not be negative: -1}.
     *
     * @param source where the settings came from (a file name), never null
     * @param field  the offending field, or null when the problem is not one field's
     * @param detail what is wrong
     * @param cause  the underlying failure, or null
     */
    public SettingsException(String source, String field, String detail, Throwable cause) {
        this(source, 0, field, detail, cause);
    }

    /**
     * An exception whose message starts with the source, the line and the field: {@code settings.json:3:
     * field 'maxRetries': maxRetries must not be negative: -1}.
     *
     * @param source where the settings came from (a file name), never null
     * @param line   the 1-based line of the problem, or 0 when unknown
     * @param field  the offending field, or null when the problem is not one field's
     * @param detail what is wrong
     * @param cause  the underlying failure, or null
     */
    public SettingsException(String source, int line, String field, String detail, Throwable cause) {
        super(
                source + (line > 0 ? ":" + line : "") + ": " + (field == null ? "" : "field '" + field + "': ")
                        + detail,
                cause);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    /** Where the settings came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The offending field, when one field is to blame. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
