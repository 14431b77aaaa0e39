package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.UsageException;
import dev.progressivebackoff.cli.internal.Formats;
import java.io.Closeable;
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
    private static final String NOT_OURS = "; this file does not look like the results of backoff run, so it is "
            + "left as it is: give another --output (or fix the file)";

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> done;
    private final Set<String> recorded = new HashSet<>();
    private final Path output;
    private final String shownOutput;
    private final Path failures;
    private final Optional<Repair> repair;
    private final LineSink.Opener opener;
    private Sink outputStream;
    private Sink failureStream;
    private boolean closed;
    private int unsynced;
    private int failuresWritten;

    private ResultLog(
            Path output,
            String shownOutput,
            Path failures,
            Set<String> done,
            Optional<Repair> repair,
            LineSink.Opener opener) {
        this.output = output;
        this.shownOutput = shownOutput;
        this.failures = failures;
        this.done = done;
        this.repair = repair;
        this.opener = opener;
    }

    /**
     * Reads what {@code output} already holds; changes and creates nothing.
     *
     * @param shownOutput the output's name in messages
     * @throws UsageException when a directory is missing or the output has a malformed line that is not the last
     */
    public static ResultLog open(Path output, String shownOutput, Path failures) {
        return open(output, shownOutput, failures, LineSink.FILES);
    }

    /** {@link #open(Path, String, Path)} writing through {@code opener} (tests fail writes with it). */
    static ResultLog open(Path output, String shownOutput, Path failures, LineSink.Opener opener) {
        refuseUnusable(output, failures);
        refuseForeignFailures(failures);
        Set<String> ids = new HashSet<>();
        Optional<Repair> repair = Files.exists(output) ? readDone(output, shownOutput, ids) : Optional.empty();
        return new ResultLog(output, shownOutput, failures, ids, repair, opener);
    }

    private static Optional<Repair> readDone(Path output, String shown, Set<String> ids) {
        ObjectMapper json = new ObjectMapper();
        ByteLines.Line last = null;
        try (ByteLines lines = ByteLines.open(output)) {
            for (Optional<ByteLines.Line> next = lines.next(); next.isPresent(); next = lines.next()) {
                ByteLines.Line line = next.get();
                if (isBlank(line)) {
                    continue;
                }
                if (line.terminated()) {
                    // A complete line must be a result: anything else means the file is not ours.
                    ids.add(resultId(json, line).orElseThrow(() -> notOurs(shown, line.number())));
                }
                last = line;
            }
        } catch (ByteLines.LineTooLongException tooLong) {
            throw new UsageException("--output: " + shown + ": " + tooLong.getMessage() + NOT_OURS);
        } catch (IOException unreadable) {
            throw new UsageException("--output: cannot read " + shown + ": " + unreadable.getMessage());
        }
        if (last == null || last.terminated()) {
            return Optional.empty();
        }
        // Only a last line without its newline can be an interrupted write of ours.
        Optional<String> id = resultId(json, last);
        if (id.isPresent()) {
            ids.add(id.get());
            return Optional.of(new Repair(-1, last.number()));
        }
        if (!startsLikeAResult(last)) {
            throw notOurs(shown, last.number());
        }
        return Optional.of(new Repair(last.offset(), last.number()));
    }

    /**
     * Refuses outputs that cannot be written: a missing directory, a directory, a read-only file, or the
     * same file twice — checked before anything is sent.
     *
     * @throws UsageException naming the flag
     */
    public static void refuseUnusable(Path output, Path failures) {
        for (Path file : List.of(output, failures)) {
            String flag = file.equals(output) ? "--output" : "--failures";
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UsageException(flag + ": directory " + parent + " does not exist");
            }
            if (Files.isDirectory(file)) {
                throw new UsageException(flag + ": " + file + " is a directory, not a file");
            }
            if (Files.exists(file) ? !Files.isWritable(file) : parent != null && !Files.isWritable(parent)) {
                throw new UsageException(flag + ": " + file + " cannot be written (permission denied)");
            }
        }
        if (SameFiles.same(output, failures)) {
            throw new UsageException("--failures: must not be the output file " + output.getFileName());
        }
    }

    /** The failures file is rewritten by every run: refuse one that holds anything but failure lines. */
    private static void refuseForeignFailures(Path failures) {
        if (!Files.isRegularFile(failures)) {
            return;
        }
        ObjectMapper json = new ObjectMapper();
        try (ByteLines lines = ByteLines.open(failures)) {
            for (Optional<ByteLines.Line> next = lines.next(); next.isPresent(); next = lines.next()) {
                ByteLines.Line line = next.get();
                boolean cutOff = !line.terminated() && startsLikeAResult(line);
                if (!isBlank(line) && !cutOff && !isFailure(json, line)) {
                    throw new UsageException("--failures: " + failures.getFileName() + ":" + line.number()
                            + ": not a failure line of backoff run; this file does not look like a failures file, so"
                            + " it is left as it is: give another --failures");
                }
            }
        } catch (IOException unreadable) {
            throw new UsageException(
                    "--failures: cannot read " + failures.getFileName() + ": " + unreadable.getMessage());
        }
    }

    private static boolean isFailure(ObjectMapper json, ByteLines.Line line) {
        try {
            JsonNode node = json.readTree(line.text());
            return node != null && node.isObject() && node.has("id") && node.has("error");
        } catch (IOException | ByteLines.NotUtf8Exception malformed) {
            return false;
        }
    }

    private static UsageException notOurs(String shown, int line) {
        return new UsageException(shown + ":" + line + ": not a result line of backoff run" + NOT_OURS);
    }

    /** Every result line is written starting with its id: a cut-off one starts so too. */
    private static boolean startsLikeAResult(ByteLines.Line line) {
        byte[] prefix = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = line.bytes();
        if (bytes.length == 0) {
            return false;
        }
        for (int i = 0; i < Math.min(prefix.length, bytes.length); i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(ByteLines.Line line) {
        for (byte b : line.bytes()) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The id of a result line: a JSON object with an id (string or integer) and a {@code content}. */
    private static Optional<String> resultId(ObjectMapper json, ByteLines.Line line) {
        try {
            JsonNode node = json.readTree(line.text());
            boolean result = node != null
                    && node.isObject()
                    && (node.path("id").isTextual() || node.path("id").isIntegralNumber())
                    && node.has("content");
            return result ? Optional.of(Sample.key(node.get("id"))) : Optional.empty();
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
        outputStream = new Sink(opener.open(output, true), shownOutput);
        failureStream =
                new Sink(opener.open(failures, false), failures.getFileName().toString());
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
        if (!completion.toolCalls().isEmpty()) {
            line.set("tool_calls", completion.toolCalls());
        }
        line.put("model", completion.model());
        line.set("usage", completion.usage());
        line.put("attempts", completion.attempts());
        line.put("waited_s", Formats.seconds(completion.waited()));
        write(outputStream, line, sample);
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
        writeFailure(line, sample);
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
        writeFailure(line, sample);
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
        writeFailure(line, null);
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

    private void writeFailure(ObjectNode line, Sample sample) {
        write(failureStream, line, sample);
        failuresWritten++;
    }

    /**
     * Writes one line. A failed write (a full disk) leaves the sample unrecorded — a resume runs it again,
     * and it may still be listed as not done — and never half a line in the file.
     *
     * @throws UncheckedIOException naming the file, when the line did not reach it
     */
    private void write(Sink sink, ObjectNode line, Sample sample) {
        try {
            sink.append((json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            if (++unsynced >= SYNC_EVERY) {
                sync();
            }
        } catch (IOException e) {
            if (sample != null) {
                recorded.remove(sample.key());
            }
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }

    private void sync() throws IOException {
        unsynced = 0;
        outputStream.sync();
        failureStream.sync();
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
     * A {@link LineSink} that writes whole lines or none: a write that fails part-way is cut back off, and
     * after a failure that cannot be cut back nothing more is written (it would be glued to the half line).
     */
    private static final class Sink {
        private final LineSink sink;
        private final String name;
        private String broken;

        Sink(LineSink sink, String name) {
            this.sink = sink;
            this.name = name;
        }

        void append(byte[] line) throws IOException {
            if (broken != null) {
                throw new IOException(name + ": " + broken);
            }
            long start = sink.size();
            try {
                sink.write(line);
            } catch (IOException failed) {
                String why = failed.getMessage() != null
                        ? failed.getMessage()
                        : failed.getClass().getSimpleName();
                try {
                    sink.truncate(start);
                } catch (IOException cannotCut) {
                    broken = why + " (nothing more written to it)";
                }
                throw new IOException(name + ": " + why, failed);
            }
        }

        void sync() throws IOException {
            if (broken == null) {
                sink.sync();
            }
        }

        void close() throws IOException {
            sink.close();
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
