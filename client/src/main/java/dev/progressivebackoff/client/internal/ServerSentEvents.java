package dev.progressivebackoff.client.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events off a stream as they arrive (the WHATWG {@code text/event-stream} format): lines
 * end with LF, CRLF or CR; {@code data:} lines of one event are joined with LF; a blank line ends an event;
 * lines starting with {@code :} are comments (keep-alives); {@code event:} names the event; other fields
 * ({@code id}, {@code retry}) are ignored. One space after the colon is dropped. An event left unfinished at
 * the end of the stream is dropped, as the format says. Not thread-safe: one reader.
 */
public final class ServerSentEvents {

    private final BufferedReader lines;

    /** Events read from {@code in}, decoded as UTF-8 (the only charset the format allows). */
    public ServerSentEvents(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /**
     * The next event with data, blocking until it has arrived whole; empty at the end of the stream.
     *
     * @throws IOException reading failed
     */
    public Optional<Event> next() throws IOException {
        StringBuilder data = null;
        String name = "message";
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(name, data.toString()));
                }
                name = "message";
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : valueAfter(line, colon);
            if (field.equals("data")) {
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            } else if (field.equals("event")) {
                name = value;
            }
        }
        return Optional.empty();
    }

    private static String valueAfter(String line, int colon) {
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        return line.substring(start);
    }

    /**
     * One event.
     *
     * @param name the {@code event:} name, {@code message} when none
     * @param data its {@code data:} lines joined with LF
     */
    public record Event(String name, String data) {}
}
