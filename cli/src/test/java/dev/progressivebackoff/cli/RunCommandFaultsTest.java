package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.simulator.Fault;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code backoff run} against a provider that injects every kind of fault: nothing is lost, nothing doubled. */
class RunCommandFaultsTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-faults-test-0123456789");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;

    @Test
    void underEveryKindOfFaultEachIdEndsInTheOutputOrTheFailuresFileExactlyOnce() throws IOException {
        // given 80 prompts and a provider that misbehaves in every way it can
        writePrompts(80);
        provider = providers.start(SimulatedProvider.builder()
                .withRpm(600_000)
                .withMaxConcurrency(64)
                .withSeed(7)
                .withFault(Fault.SERVER_ERROR_BURST, 0.15)
                .withFault(Fault.CONNECTION_RESET, 0.1)
                .withFault(Fault.TRUNCATED_JSON, 0.1)
                .withFault(Fault.HTML_ERROR_PAGE, 0.05)
                .withFault(Fault.SLOW_RESPONSE, 0.04)
                .withSlowResponseDelay(Duration.ofSeconds(5))
                .withFault(Fault.MALFORMED_JSON, 0.05)
                .withFault(Fault.EMPTY_BODY, 0.05)
                .withFault(Fault.HUGE_BODY, 0.05)
                .withHugeBodyBytes(512 * 1024));
        String endpoint = provider.baseUri().toString();

        // when (one worker, so the seeded faults fall on the same requests every run: with several workers a
        // 5xx burst could land on one sample's every transport retry and make the outcome depend on timing)
        CliHarness.Result result = new CliHarness(ENV, dir)
                .run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier5",
                        "--skip-health-check",
                        "--concurrency",
                        "1",
                        "--max-retries",
                        "10",
                        "--retry-backoff-factor",
                        "0.005",
                        "--response-timeout",
                        "300ms",
                        "--max-response-bytes",
                        "65536");

        // then the retryable faults were retried away and the others failed clearly, each id exactly once
        List<String> done = ids(dir.resolve("out.jsonl"));
        List<JsonNode> failures = jsonLines(dir.resolve("out.jsonl.failed.jsonl"));
        List<String> all = new ArrayList<>(done);
        failures.forEach(failure -> all.add(failure.get("id").asText()));
        assertThat(all)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 80).mapToObj(i -> "s" + i).toList());
        assertThat(failures)
                .isNotEmpty()
                .allSatisfy(failure -> assertThat(failure.get("error").asText())
                        .containsAnyOf("is not JSON", "empty body", "exceeds the maximum of 65536 bytes"));
        assertThat(done).hasSizeGreaterThan(50);
        assertThat(provider.faultsInjected())
                .containsKeys(
                        Fault.SERVER_ERROR_BURST,
                        Fault.CONNECTION_RESET,
                        Fault.TRUNCATED_JSON,
                        Fault.MALFORMED_JSON,
                        Fault.EMPTY_BODY,
                        Fault.HUGE_BODY);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(done.size() + " done now, " + failures.size() + " failed");
    }

    @Test
    void maxResponseBytesCapsWhatIsReadAndFailsTheSampleClearly() throws IOException {
        writePrompts(2);
        provider = providers.start(SimulatedProvider.builder()
                .withRpm(600_000)
                .withMaxConcurrency(64)
                .withFault(Fault.HUGE_BODY, 1.0)
                .withHugeBodyBytes(1024 * 1024));
        String endpoint = provider.baseUri().toString();

        CliHarness.Result result = new CliHarness(ENV, dir)
                .run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier5",
                        "--skip-health-check",
                        "--max-response-bytes",
                        "4096");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(jsonLines(dir.resolve("out.jsonl.failed.jsonl"))).hasSize(2).allSatisfy(failure -> {
            assertThat(failure.get("error").asText()).contains("exceeds the maximum of 4096 bytes");
            assertThat(failure.get("attempts").asInt()).isEqualTo(1);
        });
        assertThat(provider.stats().requests()).isEqualTo(2);
    }

    @Test
    void aMaxResponseBytesOfZeroIsAUsageError() throws IOException {
        writePrompts(1);

        CliHarness.Result result = new CliHarness(ENV, dir)
                .run("run", "--input", "in.jsonl", "--output", "out.jsonl", "--max-response-bytes", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--max-response-bytes must be between 1 and")
                .doesNotContain("maxResponseBytes");
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    private void writePrompts(int count) throws IOException {
        Files.write(
                dir.resolve("in.jsonl"),
                IntStream.rangeClosed(1, count)
                        .mapToObj(i -> "{\"id\":\"s" + i + "\",\"prompt\":\"Prompt " + i + "\"}")
                        .toList());
    }

    private List<String> ids(Path file) throws IOException {
        return jsonLines(file).stream().map(node -> node.get("id").asText()).toList();
    }

    private List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(json.readTree(line));
        }
        return nodes;
    }
}
