package dev.progressivebackoff.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Reads what really reached SLF4J: surefire points slf4j-simple at a file
 * ({@code org.slf4j.simpleLogger.logFile}, see this module's pom), and a capture reads what was appended
 * to it after the capture started.
 */
final class LogCapture {

    private final Path file;
    private final long start;

    private LogCapture(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    static LogCapture start() throws IOException {
        String name = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (name == null || name.startsWith("System.")) {
            throw new IllegalStateException("org.slf4j.simpleLogger.logFile must name a file (set by surefire)");
        }
        // Opening the log file truncates it: make sure that has happened before measuring.
        LoggerFactory.getLogger(LogCapture.class).debug("log capture starting");
        Path file = Path.of(name);
        return new LogCapture(file, Files.exists(file) ? Files.size(file) : 0);
    }

    String text() throws IOException {
        byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        return new String(all, (int) Math.min(start, all.length), (int) Math.max(0, all.length - start),
                StandardCharsets.UTF_8);
    }

    List<String> lines() throws IOException {
        return text().lines().toList();
    }
}
