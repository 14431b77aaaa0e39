package dev.progressivebackoff.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Reads what really reached SLF4J: the module's surefire configuration points slf4j-simple at a file
 * ({@code org.slf4j.simpleLogger.logFile}), and a capture reads what was appended to it after the capture
 * started.
 */
public final class LogCapture {

    /** The system property naming slf4j-simple's log file. */
    public static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

    private final Path file;
    private final long start;

    private LogCapture(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    /**
     * Starts capturing at the log file's current end.
     *
     * @throws IllegalStateException if {@value #LOG_FILE_PROPERTY} does not name a file
     */
    public static LogCapture start() throws IOException {
        String name = System.getProperty(LOG_FILE_PROPERTY);
        if (name == null || name.startsWith("System.")) {
            throw new IllegalStateException(LOG_FILE_PROPERTY + " must name a file (set by surefire)");
        }
        // Opening the log file truncates it: make sure that has happened before measuring.
        LoggerFactory.getLogger(LogCapture.class).debug("log capture starting");
        Path file = Path.of(name);
        return new LogCapture(file, Files.exists(file) ? Files.size(file) : 0);
    }

    /** Everything logged since the capture started. */
    public String text() throws IOException {
        byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        return new String(
                all, (int) Math.min(start, all.length), (int) Math.max(0, all.length - start), StandardCharsets.UTF_8);
    }

    /** {@link #text()} line by line. */
    public List<String> lines() throws IOException {
        return text().lines().toList();
    }
}
