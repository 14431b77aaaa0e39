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
        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"),
                new ArrayList<>());
        log.startWriting();

        // when
        log.success(sample("a"), new Completion("Hello", "m", JsonNodeFactory.instance.objectNode()
                .put("total_tokens", 3), 2, Duration.ofMillis(1500), 1));
        log.failure(sample("b"), new SampleFailedException("Max retries exceeded", OptionalInt.of(429), 7, 7));
        log.close();

        // then
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo("{\"id\":\"a\",\"content\":\"Hello\","
                + "\"model\":\"m\",\"usage\":{\"total_tokens\":3},\"attempts\":2,\"waited_s\":1.5}\n");
        assertThat(Files.readString(dir.resolve("failed.jsonl"))).isEqualTo("{\"id\":\"b\",\"error\":\"Max retries "
                + "exceeded\",\"status\":429,\"attempts\":7}\n");
    }

    @Test
    void knowsTheIdsAlreadyInTheOutput() throws IOException {
        Files.writeString(dir.resolve("out.jsonl"), "{\"id\":\"a\"}\n{\"id\":2}\n");

        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("f.jsonl"),
                new ArrayList<>());

        assertThat(log.isDone(sample("a"))).isTrue();
        assertThat(log.isDone(new Sample(JsonNodeFactory.instance.numberNode(2), messages(), null, null, null, 2)))
                .isTrue();
        assertThat(log.isDone(sample("c"))).isFalse();
    }

    @Test
    void removesATruncatedLastLineAndReportsIt() throws IOException {
        // given an output whose last write was cut off
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"id\":\"a\"}\n{\"id\":\"b\",\"cont");
        List<String> warnings = new ArrayList<>();

        // when
        ResultLog log = ResultLog.open(out, "out.jsonl", dir.resolve("f.jsonl"), warnings);

        // then
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}\n");
        assertThat(log.isDone(sample("b"))).isFalse();
        assertThat(warnings).singleElement().asString().contains("out.jsonl:2").contains("truncated");
    }

    @Test
    void refusesAMalformedLineInTheMiddleOfTheOutputWithoutTouchingIt() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"id\":\"a\"}\ngarbage\n{\"id\":\"c\"}\n");

        assertThatThrownBy(() -> ResultLog.open(out, "out.jsonl", dir.resolve("f.jsonl"), new ArrayList<>()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("out.jsonl:2:");
        assertThat(Files.readString(out)).isEqualTo("{\"id\":\"a\"}\ngarbage\n{\"id\":\"c\"}\n");
    }

    @Test
    void refusesAnOutputInAMissingDirectory() {
        assertThatThrownBy(() -> ResultLog.open(dir.resolve("missing/out.jsonl"), "missing/out.jsonl",
                dir.resolve("f.jsonl"), new ArrayList<>()))
                .hasMessageContaining("--output").hasMessageContaining("does not exist");
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
