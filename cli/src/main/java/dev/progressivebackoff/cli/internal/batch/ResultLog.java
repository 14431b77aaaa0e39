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
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The output and failures files. Each result is one complete JSON line, written and flushed as it
 * completes and synced to disk every few lines and on close, so a crash loses at most the samples in
 * flight. {@link #open} only reads (the ids already done, and whether the last line was cut off by a
 * crash); nothing is changed on disk until {@link #startWriting}, which repairs a cut-off last line
 * first. Each sample is recorded at most once per run — in the output or in the failures file — and never
 * after {@link #close()}. Thread-safe.
 */
public final class ResultLog implements Closeable {

    private static final int SYNC_EVERY = 20;

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> done;
    private final Set<String> recorded = new HashSet<>();
    private final Path output;
    private final String shownOutput;
    private final Path failures;
    private final Optional<Repair> repair;
    private FileOutputStream outputStream;
    private FileOutputStream failureStream;
    private boolean closed;
    private int unsynced;
    private int failuresWritten;

    private ResultLog(Path output, String shownOutput, Path failures, Set<String> done, Optional<Repair> repair) {
        this.output = output;
        this.shownOutput = shownOutput;
        this.failures = failures;
        this.done = done;
        this.repair = repair;
    }

    /**
     * Reads what {@code output} already holds; changes and creates nothing.
     *
     * @param shownOutput the output's name in messages
     * @throws UsageException when a directory is missing or the output has a malformed line that is not the last
     */
    public static ResultLog open(Path output, String shownOutput, Path failures) {
        for (Path file : List.of(output, failures)) {
            String flag = file.equals(output) ? "--output" : "--failures";
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UsageException(flag + ": directory " + parent + " does not exist");
            }
            if (Files.isDirectory(file)) {
                throw new UsageException(flag + ": " + file + " is a directory, not a file");
            }
        }
        if (output.toAbsolutePath().normalize().equals(failures.toAbsolutePath().normalize())) {
            throw new UsageException("--failures: must not be the output file " + shownOutput);
        }
        Set<String> ids = new HashSet<>();
        Optional<Repair> repair = Files.exists(output) ? readDone(output, shownOutput, ids) : Optional.empty();
        return new ResultLog(output, shownOutput, failures, ids, repair);
    }

    private static Optional<Repair> readDone(Path output, String shown, Set<String> ids) {
        ObjectMapper json = new ObjectMapper();
        ByteLines.Line last = null;
        try (ByteLines lines = ByteLines.open(output)) {
            for (Optional<ByteLines.Line> next = lines.next(); next.isPresent(); next = lines.next()) {
                if (isBlank(next.get())) {
                    continue;
                }
                if (last != null) {
                    // Not the last line: it must be a complete result.
                    int number = last.number();
                    ids.add(resultId(json, last)
                            .orElseThrow(() -> new UsageException(shown + ":" + number
                                    + ": not a result line; fix or move the file before resuming")));
                }
                last = next.get();
            }
        } catch (IOException unreadable) {
            throw new UsageException("--output: cannot read " + shown + ": " + unreadable.getMessage());
        }
        if (last == null) {
            return Optional.empty();
        }
        Optional<String> id = resultId(json, last);
        if (id.isPresent()) {
            ids.add(id.get());
            return last.terminated() ? Optional.empty() : Optional.of(new Repair(-1, last.number()));
        }
        return Optional.of(new Repair(last.offset(), last.number()));
    }

    private static boolean isBlank(ByteLines.Line line) {
        for (byte b : line.bytes()) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> resultId(ObjectMapper json, ByteLines.Line line) {
        try {
            JsonNode node = json.readTree(line.text());
            return node != null && node.isObject() && node.hasNonNull("id")
                    ? Optional.of(Sample.key(node.get("id")))
                    : Optional.empty();
        } catch (IOException | ByteLines.NotUtf8Exception malformed) {
            return Optional.empty();
        }
    }

    /** True if {@code sample} is already in the output. */
    public synchronized boolean isDone(Sample sample) {
        return done.contains(sample.key());
    }

    /** True if this run already recorded {@code sample} (as done, failed or not done). */
    public synchronized boolean isRecorded(Sample sample) {
        return recorded.contains(sample.key());
    }

    /**
     * Repairs a last line cut off by a crash (reporting it to {@code warnings}), then opens the files for
     * appending; the failures file starts empty (it lists this run's failures).
     */
    public synchronized void startWriting(Consumer<String> warnings) throws IOException {
        if (repair.isPresent()) {
            Repair cut = repair.get();
            if (cut.truncateTo() < 0) {
                Files.write(output, new byte[] {'\n'}, StandardOpenOption.APPEND);
                warnings.accept(shownOutput + ": added the missing newline after the last result");
            } else {
                try (FileChannel channel = FileChannel.open(output, StandardOpenOption.WRITE)) {
                    channel.truncate(cut.truncateTo());
                    channel.force(true);
                }
                warnings.accept(shownOutput + ":" + cut.line() + ": removed a truncated last line (an interrupted "
                        + "write); that sample will run again");
            }
        }
        outputStream = new FileOutputStream(output.toFile(), true);
        failureStream = new FileOutputStream(failures.toFile(), false);
    }

    /**
     * Appends a result line: {@code id, content, model, usage, attempts, waited_s}.
     *
     * @return false, writing nothing, if the sample was already recorded or the log is closed
     */
    public synchronized boolean success(Sample sample, Completion completion) {
        if (!claim(sample)) {
            return false;
        }
        ObjectNode line = json.createObjectNode();
        line.set("id", sample.id());
        line.put("content", completion.content());
        line.put("model", completion.model());
        line.set("usage", completion.usage());
        line.put("attempts", completion.attempts());
        line.put("waited_s", Formats.seconds(completion.waited()));
        write(outputStream, line);
        done.add(sample.key());
        return true;
    }

    /**
     * Appends a failure line: {@code id, error, status, attempts}.
     *
     * @return false, writing nothing, if the sample was already recorded or the log is closed
     */
    public synchronized boolean failure(Sample sample, SampleFailedException failure) {
        if (!claim(sample)) {
            return false;
        }
        ObjectNode line = json.createObjectNode();
        line.set("id", sample.id());
        line.put("error", failure.getMessage());
        if (failure.status().isPresent()) {
            line.put("status", failure.status().getAsInt());
        } else {
            line.putNull("status");
        }
        line.put("attempts", failure.attempts());
        writeFailure(line);
        return true;
    }

    /**
     * Appends a failure line for a sample the run did not finish (it was stopped): {@code id, error,
     * status: null, attempts: 0, not_done: true}. A resume runs it again.
     *
     * @return false, writing nothing, if the sample was already recorded or the log is closed
     */
    public synchronized boolean notDone(Sample sample, String reason) {
        if (!claim(sample)) {
            return false;
        }
        ObjectNode line = json.createObjectNode();
        line.set("id", sample.id());
        line.put("error", "not done: " + reason);
        line.putNull("status");
        line.put("attempts", 0);
        line.put("not_done", true);
        writeFailure(line);
        return true;
    }

    /** Appends a failure line for an input line skipped as invalid: {@code id, line, error, invalid: true}. */
    public synchronized void invalid(InvalidLine invalid) {
        if (closed || failureStream == null) {
            throw new IllegalStateException("the result log is not open for writing");
        }
        ObjectNode line = json.createObjectNode();
        if (invalid.id().isPresent()) {
            line.set("id", invalid.id().get());
        } else {
            line.putNull("id");
        }
        line.put("line", invalid.line());
        line.put("error", invalid.message());
        line.putNull("status");
        line.put("attempts", 0);
        line.put("invalid", true);
        writeFailure(line);
    }

    /** How many failure lines this run wrote (failures, not-done samples and invalid lines). */
    public synchronized int failuresWritten() {
        return failuresWritten;
    }

    private boolean claim(Sample sample) {
        if (closed || outputStream == null || done.contains(sample.key())) {
            return false;
        }
        return recorded.add(sample.key());
    }

    private void writeFailure(ObjectNode line) {
        write(failureStream, line);
        failuresWritten++;
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

    /** Syncs and closes both files; later writes are refused. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (outputStream == null) {
            return;
        }
        try {
            sync();
        } finally {
            try {
                outputStream.close();
            } finally {
                failureStream.close();
            }
        }
    }

    /**
     * How to mend the output's last line.
     *
     * @param truncateTo the length to cut the file to, or -1 to append the missing newline
     * @param line       the line's number, for the warning
     */
    private record Repair(long truncateTo, int line) {}
}
