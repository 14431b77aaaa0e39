package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLogTest {

    @TempDir
    Path dir;

    @Test
    void writesOneCompleteLinePerResultAndPerFailure() throws IOException {
        // given
        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"));
        log.startWriting(warning -> {});

        // when
        log.success(
                sample("a"),
                new Completion(
                        "Hello",
                        "m",
                        JsonNodeFactory.instance.objectNode().put("total_tokens", 3),
                        2,
                        Duration.ofMillis(1500),
                        1));
        log.failure(sample("b"), new SampleFailedException("Max retries exceeded", OptionalInt.of(429), 7, 7));
        log.close();

        // then
        assertThat(Files.readString(dir.resolve("out.jsonl")))
                .isEqualTo("{\"id\":\"a\",\"content\":\"Hello\","
                        + "\"model\":\"m\",\"usage\":{\"total_tokens\":3},\"attempts\":2,\"waited_s\":1.5}\n");
        assertThat(Files.readString(dir.resolve("failed.jsonl")))
                .isEqualTo("{\"id\":\"b\",\"error\":\"Max retries " + "exceeded\",\"status\":429,\"attempts\":7}\n");
    }

    @Test
    void recordsEachSampleAtMostOnceAndNothingAfterClose() throws IOException {
        // given
        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"));
        log.startWriting(warning -> {});
        Completion completion = new Completion("Hi", "m", JsonNodeFactory.instance.objectNode(), 1, Duration.ZERO, 0);

        // when
        boolean first = log.success(sample("a"), completion);
        boolean again = log.success(sample("a"), completion);
        boolean failedToo = log.failure(sample("a"), new SampleFailedException("late", OptionalInt.empty(), 1, 0));
        boolean notDone = log.notDone(sample("b"), "stopped");
        boolean notDoneAgain = log.notDone(sample("b"), "stopped");
        log.close();
        boolean afterClose = log.success(sample("c"), completion);

        // then
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(failedToo).isFalse();
        assertThat(notDone).isTrue();
        assertThat(notDoneAgain).isFalse();
        assertThat(afterClose).isFalse();
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .singleElement()
                .asString()
                .contains("\"a\"");
        assertThat(Files.readAllLines(dir.resolve("failed.jsonl")))
                .singleElement()
                .asString()
                .isEqualTo("{\"id\":\"b\",\"error\":\"not done: stopped\",\"status\":null,\"attempts\":0,"
                        + "\"not_done\":true}");
    }

    @Test
    void doesNotRecordASampleAlreadyInTheOutput() throws IOException {
        Files.writeString(dir.resolve("out.jsonl"), "{\"id\":\"a\",\"content\":\"x\"}\n");
        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"));
        log.startWriting(warning -> {});

        boolean written = log.success(
                sample("a"), new Completion("Hi", "m", JsonNodeFactory.instance.objectNode(), 1, Duration.ZERO, 0));
        log.close();

        assertThat(written).isFalse();
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo("{\"id\":\"a\",\"content\":\"x\"}\n");
    }

    @Test
    void addsTheMissingNewlineAfterACompleteLastResultWhenWritingStarts() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"id\":\"a\",\"content\":\"x\"}\n{\"id\":\"b\",\"content\":\"y\"}");
        List<String> warnings = new ArrayList<>();

        ResultLog log = ResultLog.open(out, "out.jsonl", dir.resolve("f.jsonl"));
        log.startWriting(warnings::add);
        log.close();

        assertThat(log.isDone(sample("b"))).isTrue();
        assertThat(Files.readString(out))
                .isEqualTo("{\"id\":\"a\",\"content\":\"x\"}\n{\"id\":\"b\",\"content\":\"y\"}\n");
        assertThat(warnings).singleElement().asString().contains("missing newline");
    }

    @Test
    void knowsTheIdsAlreadyInTheOutput() throws IOException {
        Files.writeString(dir.resolve("out.jsonl"), "{\"id\":\"a\",\"content\":\"x\"}\n{\"id\":2,\"content\":\"y\"}\n");

        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("f.jsonl"));

        assertThat(log.isDone(sample("a"))).isTrue();
        assertThat(log.isDone(new Sample(JsonNodeFactory.instance.numberNode(2), messages(), null, null, null, 2)))
                .isTrue();
        assertThat(log.isDone(sample("c"))).isFalse();
    }

    @Test
    void removesATruncatedLastLineAndReportsIt() throws IOException {
        // given an output whose last write was cut off
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"id\":\"a\",\"content\":\"x\"}\n{\"id\":\"b\",\"cont");
        List<String> warnings = new ArrayList<>();

        // when
        ResultLog log = ResultLog.open(out, "out.jsonl", dir.resolve("f.jsonl"));
        String before = Files.readString(out, StandardCharsets.UTF_8);
        log.startWriting(warnings::add);
        log.close();

        // then the file is only repaired once writing starts
        assertThat(before).isEqualTo("{\"id\":\"a\",\"content\":\"x\"}\n{\"id\":\"b\",\"cont");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\",\"content\":\"x\"}\n");
        assertThat(log.isDone(sample("b"))).isFalse();
        assertThat(warnings).singleElement().asString().contains("out.jsonl:2").contains("truncated");
    }

    @Test
    void refusesAMalformedLineInTheMiddleOfTheOutputWithoutTouchingIt() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"id\":\"a\",\"content\":\"x\"}\ngarbage\n{\"id\":\"c\",\"content\":\"z\"}\n");

        assertThatThrownBy(() -> ResultLog.open(out, "out.jsonl", dir.resolve("f.jsonl")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("out.jsonl:2:");
        assertThat(Files.readString(out))
                .isEqualTo("{\"id\":\"a\",\"content\":\"x\"}\ngarbage\n{\"id\":\"c\",\"content\":\"z\"}\n");
    }

    @Test
    void refusesACompleteLastLineThatIsNotAResultAndLeavesTheFileAlone() throws IOException {
        // issue 15 item 3: a notes file given as --output lost its only line
        Path out = dir.resolve("notes.txt");
        Files.writeString(out, "remember the milk\n");

        assertThatThrownBy(() -> ResultLog.open(out, "notes.txt", dir.resolve("f.jsonl")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("notes.txt:1: not a result line")
                .hasMessageContaining("does not look like the results");
        assertThat(Files.readString(out)).isEqualTo("remember the milk\n");
    }

    @Test
    void refusesABinaryFileWithoutANewlineInsteadOfEmptyingIt() throws IOException {
        Path out = dir.resolve("photo.bin");
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xFF};
        Files.write(out, binary);

        assertThatThrownBy(() -> ResultLog.open(out, "photo.bin", dir.resolve("f.jsonl")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("photo.bin:1");
        assertThat(Files.readAllBytes(out)).isEqualTo(binary);
    }

    @Test
    void refusesLinesThatCarryAnIdButAreNotResults() throws IOException {
        // issue 15 item 4: an input file (lines with ids) is not a results file
        Path out = dir.resolve("prompts.jsonl");
        Files.writeString(out, "{\"id\":\"a\",\"prompt\":\"hi\"}\n");

        assertThatThrownBy(() -> ResultLog.open(out, "prompts.jsonl", dir.resolve("f.jsonl")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("prompts.jsonl:1: not a result line");
    }

    @Test
    void refusesAFailuresFileThatHoldsSomethingElse() throws IOException {
        Path failures = dir.resolve("notes.txt");
        Files.writeString(failures, "my notes\n");

        assertThatThrownBy(() -> ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", failures))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--failures: notes.txt:1");
        assertThat(Files.readString(failures)).isEqualTo("my notes\n");
    }

    @Test
    void refusesAFailuresFileThatIsTheOutputThroughASymbolicLink() throws IOException {
        // issue 15 item 2: paths are compared as files, not as text
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"id\":\"a\",\"content\":\"x\"}\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), out);

        assertThatThrownBy(() -> ResultLog.open(out, "out.jsonl", link))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("must not be the output file");
        assertThat(Files.readString(out)).isEqualTo("{\"id\":\"a\",\"content\":\"x\"}\n");
    }

    @Test
    void refusesAnOutputInAMissingDirectory() {
        assertThatThrownBy(() ->
                        ResultLog.open(dir.resolve("missing/out.jsonl"), "missing/out.jsonl", dir.resolve("f.jsonl")))
                .hasMessageContaining("--output")
                .hasMessageContaining("does not exist");
    }

    static Sample sample(String id) {
        return new Sample(TextNode.valueOf(id), messages(), null, null, null, 1);
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode messages() {
        com.fasterxml.jackson.databind.node.ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        messages.addObject().put("role", "user").put("content", "hi");
        return messages;
    }
}
