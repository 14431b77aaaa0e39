package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input stops {@code backoff run} with exit 2 and a message naming the file, the line and
 * the field, before anything is sent or written: the earlier output (even one whose last line a crash cut
 * off, which a real run would repair) and the earlier failures file stay byte for byte as they were.
 */
class RunCommandBadInputTest {

    private static final String KEY = "sk-bad-input-test-0123456789";
    private static final String EARLIER = "{\"id\":\"a\",\"content\":\"kept\",\"model\":\"m\",\"usage\":{},"
            + "\"attempts\":1,\"waited_s\":0.0}\n{\"id\":\"b\",\"cont";
    private static final String EARLIER_FAILURES =
            "{\"id\":\"z\",\"error\":\"HTTP 500\",\"status\":500,\"attempts\":6}\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;
    private String endpoint;

    @BeforeEach
    void startProviderAndWriteEarlierResults() throws IOException {
        provider = providers.start(SimulatedProvider.builder().withRpm(60_000).withMaxConcurrency(50));
        endpoint = provider.baseUri().toString();
        Files.writeString(dir.resolve("out.jsonl"), EARLIER);
        Files.writeString(dir.resolve("out.jsonl.failed.jsonl"), EARLIER_FAILURES);
    }

    @Test
    void aMalformedJsonLineNamesTheFileTheLineAndTheColumn() throws IOException {
        input("{\"id\":\"a\",\"prompt\":\"one\"}", "{\"id\":\"b\",\"prompt\":\"two\"}", "{\"id\":\"c\",\"prompt\":");

        CliHarness.Result result = run();

        assertRefused(result, "in.jsonl:3: not valid JSON");
        assertThat(result.err()).contains("column");
    }

    @Test
    void aFieldOfTheWrongTypeNamesTheLineAndTheField() throws IOException {
        input("{\"id\":\"a\",\"prompt\":\"one\"}", "{\"id\":\"b\",\"prompt\":\"two\",\"max_tokens\":\"many\"}");

        assertRefused(run(), "in.jsonl:2: field 'max_tokens' must be a positive integer");
    }

    @Test
    void aPromptThatIsNotAStringNamesTheField() throws IOException {
        input("{\"id\":\"a\",\"prompt\":[\"one\"]}");

        assertRefused(run(), "in.jsonl:1: field 'prompt' must be a non-empty string");
    }

    @Test
    void emptyMessagesNameTheLineAndTheField() throws IOException {
        input("{\"id\":\"a\",\"prompt\":\"one\"}", "{\"id\":\"b\",\"messages\":[]}");

        assertRefused(run(), "in.jsonl:2: field 'messages' must be a non-empty array");
    }

    @Test
    void aMessageWithEmptyContentNamesTheLineAndTheField() throws IOException {
        input("{\"id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}");

        assertRefused(run(), "in.jsonl:1: field 'messages[0].content' must not be empty");
    }

    @Test
    void aNonUtf8LineIsReportedOnItsRealLineEvenDeepInALargeFile() throws IOException {
        // given 3,000 good lines (far more than a decoder reads ahead), then a Latin-1 "é"
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i <= 3000; i++) {
            bytes.writeBytes(("{\"id\":\"s" + i + "\",\"prompt\":\"Prompt number " + i + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes("{\"id\":\"bad\",\"prompt\":\"caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9);
        bytes.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("in.jsonl"), bytes.toByteArray());

        assertRefused(run(), "in.jsonl:3001: not valid UTF-8 text (byte 0xE9 at byte 26 of the line)");
    }

    @Test
    void anEmptyFileIsNamed() throws IOException {
        Files.writeString(dir.resolve("in.jsonl"), "");

        assertRefused(run(), "--input: in.jsonl holds no samples");
    }

    @Test
    void aMissingInputFileIsNamed() {
        assertRefused(run("--input", "nope.jsonl"), "--input: no such file: nope.jsonl");
    }

    @Test
    void anOutputInAMissingDirectoryIsNamed() throws IOException {
        input("{\"id\":\"a\",\"prompt\":\"one\"}");

        CliHarness.Result result = run("--output", "missing/out.jsonl");

        assertRefused(result, "--output: directory ");
        assertThat(result.err()).contains("missing").contains("does not exist");
    }

    @Test
    void aMalformedConfigNamesTheFileAndTheLine() throws IOException {
        input("{\"id\":\"a\",\"prompt\":\"one\"}");
        Files.writeString(dir.resolve("settings.json"), "{\n  \"maxTransportRetries\": 3,\n  \"tier\": tier1\n}\n");

        assertRefused(run("--config", "settings.json"), "--config: settings.json:3: not valid JSON at column");
    }

    @Test
    void aBadConfigValueNamesTheFileTheLineAndTheField() throws IOException {
        input("{\"id\":\"a\",\"prompt\":\"one\"}");
        Files.writeString(
                dir.resolve("settings.json"), "{\n  \"maxTransportRetries\": 3,\n  \"concurrency\": \"lots\"\n}\n");

        assertRefused(
                run("--config", "settings.json"),
                "--config: settings.json:3: field 'concurrency': expected a whole number");
    }

    @Test
    void aDuplicateIdIsAnInputError() throws IOException {
        input(
                "{\"id\":\"a\",\"prompt\":\"one\"}",
                "{\"id\":\"b\",\"prompt\":\"two\"}",
                "{\"id\":\"a\",\"prompt\":\"3\"}");

        assertRefused(run(), "in.jsonl:3: duplicate id \"a\" (first on line 1)");
    }

    @Test
    void skipInvalidRecordsEveryInvalidLineInTheFailuresFileAndRunsTheRest() throws IOException {
        // given good lines mixed with one bad line of each kind
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = List.of(
                "{\"id\":\"a\",\"prompt\":\"one\"}",
                "{\"id\":\"b\",\"prompt\":",
                "{\"id\":\"c\",\"prompt\":\"three\",\"temperature\":\"hot\"}",
                "{\"id\":\"d\",\"messages\":[]}",
                "{\"id\":\"e\",\"prompt\":\"five\"}",
                "{\"id\":\"a\",\"prompt\":\"again\"}");
        lines.forEach(line -> bytes.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8)));
        bytes.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', 'g', '"', ',', (byte) 0xFF, '}', '\n'});
        bytes.writeBytes("{\"id\":\"h\",\"prompt\":\"eight\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("in.jsonl"), bytes.toByteArray());
        Files.delete(dir.resolve("out.jsonl"));

        // when
        CliHarness.Result result = run("--skip-invalid");

        // then the valid samples ran, and each invalid line is in the failures file with its line and reason
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(ids(dir.resolve("out.jsonl"))).containsExactlyInAnyOrder("a", "e", "h");
        List<JsonNode> failures = jsonLines(dir.resolve("out.jsonl.failed.jsonl"));
        assertThat(failures).extracting(f -> f.get("line").asInt()).containsExactlyInAnyOrder(2, 3, 4, 6, 7);
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.get("invalid").asBoolean()).isTrue();
            assertThat(f.get("error").asText())
                    .startsWith("in.jsonl:" + f.get("line").asInt() + ": ");
        });
        assertThat(failures)
                .filteredOn(f -> f.get("line").asInt() == 3)
                .singleElement()
                .satisfies(f -> assertThat(f.get("id").asText()).isEqualTo("c"));
        assertThat(failures)
                .filteredOn(f -> f.get("line").asInt() == 2)
                .singleElement()
                .satisfies(f -> assertThat(f.get("id").isNull()).isTrue());
        assertThat(result.out())
                .contains("3 done now, 0 failed, 5 invalid lines skipped")
                .contains("5 invalid lines");
        assertThat(provider.stats().completions()).isEqualTo(3);
    }

    private void assertRefused(CliHarness.Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(message);
        try {
            assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo(EARLIER);
            assertThat(Files.readString(dir.resolve("out.jsonl.failed.jsonl"))).isEqualTo(EARLIER_FAILURES);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(provider.stats().requests()).isZero();
    }

    private CliHarness.Result run(String... overrides) {
        List<String> args = new ArrayList<>(List.of("run", "--endpoint", endpoint, "--tier", "tier1"));
        List<String> extra = List.of(overrides);
        if (!extra.contains("--input")) {
            args.addAll(List.of("--input", "in.jsonl"));
        }
        if (!extra.contains("--output")) {
            args.addAll(List.of("--output", "out.jsonl"));
        }
        args.addAll(extra);
        return new CliHarness(Map.of("MOONSHOT_API_KEY", KEY), dir).run(args.toArray(String[]::new));
    }

    private void input(String... lines) throws IOException {
        Files.write(dir.resolve("in.jsonl"), List.of(lines));
    }

    private static List<String> ids(Path file) throws IOException {
        return jsonLines(file).stream().map(node -> node.get("id").asText()).toList();
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(json.readTree(line));
        }
        return nodes;
    }
}
