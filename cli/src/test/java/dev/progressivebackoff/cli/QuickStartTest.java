package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick-start command, run in-process exactly as written, on a copy of the committed examples. */
class QuickStartTest {

    private static final String COMMAND = "bin/backoff run --input examples/prompts.jsonl --output results.jsonl";
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path clone;

    @Test
    void theReadmeShowsTheQuickStartCommands() throws IOException {
        String readme = Files.readString(REPOSITORY.resolve("README.md"));

        assertThat(readme)
                .contains("## Quick start")
                .contains(COMMAND)
                .contains("mvn -B verify")
                .contains("--endpoint https://api.moonshot.ai/v1")
                .contains("MOONSHOT_API_KEY");
    }

    @Test
    void theQuickStartRunWritesAnAnswerForEveryExamplePrompt() throws IOException {
        // given a fresh directory holding the committed examples and no API key
        Files.createDirectories(clone.resolve("examples"));
        Files.copy(REPOSITORY.resolve("examples/prompts.jsonl"), clone.resolve("examples/prompts.jsonl"));
        String[] args = COMMAND.substring("bin/backoff ".length()).split(" ");

        // when
        CliHarness.Result result = new CliHarness(Map.of(), clone).run(args);

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        Set<String> inputIds = ids(json, clone.resolve("examples/prompts.jsonl"));
        assertThat(inputIds).hasSizeGreaterThanOrEqualTo(30);
        assertThat(ids(json, clone.resolve("results.jsonl"))).isEqualTo(inputIds);
        assertThat(result.out()).contains(inputIds.size() + " done now, 0 failed");
    }

    @Test
    void theQuickStartIsPacedAtTheDemoTierSoAlmostNoRequestMeetsA429() throws IOException {
        // given (unpaced, about a third to a half of the requests met 429)
        Files.createDirectories(clone.resolve("examples"));
        Files.copy(REPOSITORY.resolve("examples/prompts.jsonl"), clone.resolve("examples/prompts.jsonl"));
        String[] args = COMMAND.substring("bin/backoff ".length()).split(" ");

        // when
        CliHarness.Result result = new CliHarness(Map.of(), clone).run(args);

        // then at most 1 in 20 requests met a 429
        assertThat(result.exitCode()).as(result.err()).isZero();
        Matcher served = Pattern.compile("Simulated provider: (\\d+) requests received, (\\d+) answered 429")
                .matcher(result.out());
        assertThat(served.find()).as(result.out()).isTrue();
        int requests = Integer.parseInt(served.group(1));
        int rateLimited = Integer.parseInt(served.group(2));
        assertThat(rateLimited * 20).as(result.out()).isLessThanOrEqualTo(requests);
    }

    private static Set<String> ids(ObjectMapper json, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.stream()
                .map(line -> {
                    try {
                        return json.readTree(line).get("id").asText();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
    }
}
