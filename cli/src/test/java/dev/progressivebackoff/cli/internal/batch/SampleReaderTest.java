package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPromptAndMessagesLinesWithTheirOptionalSettings() throws IOException {
        // given
        Path input = write(
                "{\"id\":\"a\",\"prompt\":\"Hi\",\"max_tokens\":10,\"temperature\":0.5,\"model\":\"m\"}",
                "",
                "{\"id\":7,\"messages\":[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"user\",\"content\":\"U\"}]}");

        // when
        List<Sample> samples = new SampleReader().read(input, "in.jsonl");

        // then
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).key()).isEqualTo("a");
        assertThat(samples.get(0).messages().toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
        assertThat(samples.get(0).maxTokens()).isEqualTo(10);
        assertThat(samples.get(0).temperature()).isEqualTo(0.5);
        assertThat(samples.get(0).model()).isEqualTo("m");
        assertThat(samples.get(1).key()).isEqualTo("7");
        assertThat(samples.get(1).line()).isEqualTo(3);
    }

    @Test
    void aLineWithoutAnIdGetsADigestOfItsContentThatSurvivesEditsAroundIt() throws IOException {
        // issue 15 item 7: line numbers (blank lines counted) paired answers with the wrong prompts after an edit
        Path input = write("{\"prompt\":\"one\"}", "{\"prompt\":\"two\"}");
        List<String> before = new SampleReader()
                .read(input, "in.jsonl").stream().map(Sample::key).toList();

        Path edited = write("", "{\"prompt\":\"new\"}", "{\"prompt\":\"two\"}", "{\"prompt\": \"one\"}");
        List<String> after = new SampleReader()
                .read(edited, "in.jsonl").stream().map(Sample::key).toList();

        assertThat(before).hasSize(2).allMatch(key -> key.matches("sha256:[0-9a-f]{16}"));
        assertThat(after).containsExactly(after.get(0), before.get(1), before.get(0));
        assertThat(after.get(0)).isNotIn(before);
    }

    @Test
    void twoLinesOfTheSameContentWithoutIdsAreADuplicateNamingBothLines() throws IOException {
        Path input = write("{\"prompt\":\"same\"}", "{\"prompt\":\"same\"}");

        assertThatThrownBy(() -> new SampleReader().read(input, "in.jsonl"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("in.jsonl:2: duplicate id")
                .hasMessageContaining("first on line 1; the same content without an id");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\":\"b\",\"prompt\":\"x\"}{\"id\":\"c\",\"prompt\":\"y\"}|in.jsonl:2: more after the JSON object at column 24",
                "{\"id\":\"b\",\"prompt\":\"x\"} trailing|at column 25)",
                "{\"id\":\"b\",\"prompt\":\"x\"}\r{\"id\":\"c\",\"prompt\":\"y\"}|a carriage return alone does not end a line"
            })
    void anythingAfterTheObjectIsAnErrorNamingTheLineAndColumn(String badLine, String message) throws IOException {
        // issue 15 item 5: glued objects and CR-only line ends lost samples silently
        Path input = write("{\"id\":\"a\",\"prompt\":\"fine\"}", badLine.replace("\\r", "\r"));

        assertThatThrownBy(() -> new SampleReader().read(input, "in.jsonl"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void crlfLineEndsAndABomAreAccepted() throws IOException {
        Path input = dir.resolve("crlf.jsonl");
        Files.write(
                input,
                ("\uFEFF{\"id\":\"a\",\"prompt\":\"one\"}\r\n{\"id\":\"b\",\"prompt\":\"two\"}\r\n")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(new SampleReader().read(input, "in.jsonl"))
                .extracting(Sample::key)
                .containsExactly("a", "b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{not json|in.jsonl:2: not valid JSON",
                "[1,2]|in.jsonl:2: expected a JSON object",
                "{\"id\":\"x\"}|in.jsonl:2: needs exactly one of 'prompt' or 'messages'",
                "{\"prompt\":\"\"}|in.jsonl:2: field 'prompt' must be a non-empty string",
                "{\"messages\":[]}|in.jsonl:2: field 'messages' must be a non-empty array",
                "{\"messages\":[{\"role\":1}]}|in.jsonl:2: messages[0] needs a string 'role' and a 'content'",
                "{\"prompt\":\"p\",\"max_tokens\":-3}|in.jsonl:2: field 'max_tokens' must be a positive integer",
                "{\"prompt\":\"p\",\"temperature\":\"hot\"}|in.jsonl:2: field 'temperature' must be a number from 0 to 2",
                "{\"id\":{\"a\":1},\"prompt\":\"p\"}|in.jsonl:2: field 'id' must be a string or an integer",
                "{\"id\":\"a\",\"prompt\":\"again\"}|in.jsonl:2: duplicate id \"a\" (first on line 1)"
            })
    void namesTheFileAndLineOfAnInvalidLine(String badLine, String message) throws IOException {
        Path input = write("{\"id\":\"a\",\"prompt\":\"fine\"}", badLine);

        assertThatThrownBy(() -> new SampleReader().read(input, "in.jsonl"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesAMissingAnEmptyOrANonUtf8File() throws IOException {
        Path empty = write();
        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xE9, '"', '}'});

        assertThatThrownBy(() -> new SampleReader().read(dir.resolve("nope.jsonl"), "nope.jsonl"))
                .hasMessageContaining("no such file: nope.jsonl");
        assertThatThrownBy(() -> new SampleReader().read(empty, "in.jsonl")).hasMessageContaining("no samples");
        assertThatThrownBy(() -> new SampleReader().read(latin1, "latin1.jsonl"))
                .hasMessageContaining("latin1.jsonl:1: not valid UTF-8");
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("in.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }
}
