package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.UsageException;
import dev.progressivebackoff.cli.internal.Formats;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The output and failures files. Each result is one complete JSON line, written and flushed as it
 * completes and synced to disk every few lines and on close, so a crash loses at most the samples in
 * flight. Opening reads the ids already in the output (resume) and repairs a truncated last line.
 * Thread-safe.
 */
public final class ResultLog implements Closeable {

    private static final int SYNC_EVERY = 20;

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> done;
    private final Path output;
    private final Path failures;
    private FileOutputStream outputStream;
    private FileOutputStream failureStream;
    private int unsynced;
    private int failuresWritten;

    private ResultLog(Path output, Path failures, Set<String> done) {
        this.output = output;
        this.failures = failures;
        this.done = done;
    }

    /**
     * Reads what {@code output} already holds; creates nothing yet.
     *
     * @param shownOutput the output's name in messages
     * @param warnings    where repairs are reported
     * @throws UsageException when a directory is missing or the output has a malformed line that is not the last
     */
    public static ResultLog open(Path output, String shownOutput, Path failures, List<String> warnings) {
        for (Path file : List.of(output, failures)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UsageException((file.equals(output) ? "--output" : "--failures")
                        + ": directory " + parent + " does not exist");
            }
        }
        return new ResultLog(output, failures, readDone(output, shownOutput, warnings));
    }

    private static Set<String> readDone(Path output, String shown, List<String> warnings) {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(output)) {
            return ids;
        }
        ObjectMapper json = new ObjectMapper();
        try {
            byte[] bytes = Files.readAllBytes(output);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            long validBytes = 0;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                boolean last = i == lines.length - 1;
                if (last && line.isEmpty()) {
                    break;
                }
                long lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
                if (line.isBlank()) {
                    validBytes += lineBytes + 1;
                    continue;
                }
                JsonNode node = parseOrNull(json, line);
                boolean result = node != null && node.isObject() && node.has("id");
                if (last) {
                    if (result) {
                        ids.add(Sample.key(node.get("id")));
                        appendNewline(output);
                        warnings.add(shown + ": added the missing newline after the last result");
                    } else {
                        truncate(output, validBytes);
                        warnings.add(shown + ":" + (i + 1) + ": removed a truncated last line (an interrupted "
                                + "write); that sample will run again");
                    }
                    break;
                }
                if (!result) {
                    throw new UsageException(shown + ":" + (i + 1) + ": not a result line; fix or move the file "
                            + "before resuming");
                }
                ids.add(Sample.key(node.get("id")));
                validBytes += lineBytes + 1;
            }
        } catch (IOException unreadable) {
            throw new UsageException("--output: cannot read " + shown + ": " + unreadable.getMessage());
        }
        return ids;
    }

    private static JsonNode parseOrNull(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (IOException malformed) {
            return null;
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    private static void appendNewline(Path file) throws IOException {
        Files.write(file, new byte[] {'\n'}, StandardOpenOption.APPEND);
    }

    /** True if {@code sample} is already in the output. */
    public boolean isDone(Sample sample) {
        return done.contains(sample.key());
    }

    /** Opens the files for appending; the failures file starts empty (it lists this run's failures). */
    public synchronized void startWriting() throws IOException {
        outputStream = new FileOutputStream(output.toFile(), true);
        failureStream = new FileOutputStream(failures.toFile(), false);
    }

    /** Appends a result line: {@code id, content, model, usage, attempts, waited_s}. */
    public synchronized void success(Sample sample, Completion completion) {
        ObjectNode line = json.createObjectNode();
        line.set("id", sample.id());
        line.put("content", completion.content());
        line.put("model", completion.model());
        line.set("usage", completion.usage());
        line.put("attempts", completion.attempts());
        line.put("waited_s", Formats.seconds(completion.waited()));
        write(outputStream, line);
        done.add(sample.key());
    }

    /** Appends a failure line: {@code id, error, status, attempts}. */
    public synchronized void failure(Sample sample, SampleFailedException failure) {
        ObjectNode line = json.createObjectNode();
        line.set("id", sample.id());
        line.put("error", failure.getMessage());
        if (failure.status().isPresent()) {
            line.put("status", failure.status().getAsInt());
        } else {
            line.putNull("status");
        }
        line.put("attempts", failure.attempts());
        write(failureStream, line);
        failuresWritten++;
    }

    /** How many failures this run wrote. */
    public synchronized int failuresWritten() {
        return failuresWritten;
    }

    private void write(FileOutputStream stream, ObjectNode line) {
        try {
            stream.write((json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            stream.flush();
            if (++unsynced >= SYNC_EVERY) {
                sync();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }

    private void sync() throws IOException {
        outputStream.getFD().sync();
        failureStream.getFD().sync();
        unsynced = 0;
    }

    /** Syncs and closes both files. */
    @Override
    public synchronized void close() throws IOException {
        if (outputStream == null) {
            return;
        }
        try {
            sync();
        } finally {
            outputStream.close();
            failureStream.close();
            outputStream = null;
        }
    }
}
