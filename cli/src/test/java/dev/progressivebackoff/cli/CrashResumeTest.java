package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code backoff run} process in the middle of a batch, then a resume: every id
 * ends up in the output exactly once, and the samples that were in flight when the process died are simply
 * run again.
 */
class CrashResumeTest {

    private static final String KEY = "sk-crash-test-0123456789";
    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", KEY);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;

    @Test
    @SuppressWarnings("try") // ChildCli.close() may be interrupted; the test declares it
    void aKill9WithSamplesInFlightLosesOnlyThoseAndResumeRunsThemAgain() throws Exception {
        // given 120 prompts and a provider that answers 40 completions, then holds every later request in flight
        int total = 120;
        int answered = 40;
        writePrompts(total);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        provider = providers.start(SimulatedProvider.builder()
                .withRpm(600_000)
                .withMaxConcurrency(64)
                .withSleeper(latency -> {
                    if (admitted.incrementAndGet() > answered) {
                        gate.await();
                    }
                }));
        String endpoint = provider.baseUri().toString();

        // when the child has written the 40 answers and holds 4 more requests, it is killed with SIGKILL
        try (ChildCli child = ChildCli.start(dir, ENV, runArgs(endpoint))) {
            child.awaitLines(dir.resolve("out.jsonl"), answered, PATIENCE);
            child.process().destroyForcibly();
            child.awaitExit(PATIENCE);
        }
        List<String> afterCrash = Files.readAllLines(dir.resolve("out.jsonl"));
        gate.countDown();

        // then only complete lines were left, and the resume does exactly the rest — including the ones in flight
        assertThat(afterCrash)
                .hasSize(answered)
                .allSatisfy(line -> assertThat(json.readTree(line).has("id")).isTrue());
        CliHarness.Result resumed = new CliHarness(ENV, dir).run(runArgs(endpoint));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("(" + answered + " already done), " + (total - answered) + " done now");
        assertEveryIdExactlyOnce(total);
    }

    @Test
    @SuppressWarnings("try") // ChildCli.close() may be interrupted; the test declares it
    void aKill9AtAnArbitraryMomentWhileResultsStreamInLeavesAResumableOutput() throws Exception {
        // given 400 prompts answered as fast as the child can take them
        int total = 400;
        writePrompts(total);
        provider = providers.start(SimulatedProvider.builder().withRpm(600_000).withMaxConcurrency(64));
        String endpoint = provider.baseUri().toString();

        // when the child is killed as soon as 100 results are on disk, while more are being written
        try (ChildCli child = ChildCli.start(dir, ENV, runArgs(endpoint))) {
            child.awaitLines(dir.resolve("out.jsonl"), 100, PATIENCE);
            child.process().destroyForcibly();
            child.awaitExit(PATIENCE);
        }
        long completedBeforeCrash = provider.stats().completions();

        // then a resume (which repairs a cut-off last line, if any) completes the batch with every id once
        CliHarness.Result resumed = new CliHarness(ENV, dir).run(runArgs(endpoint));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertEveryIdExactlyOnce(total);
        assertThat(provider.stats().completions())
                .isGreaterThanOrEqualTo(total)
                .isLessThanOrEqualTo(completedBeforeCrash + total);
    }

    private String[] runArgs(String endpoint) {
        return new String[] {
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
            "4"
        };
    }

    private void assertEveryIdExactlyOnce(int total) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out.jsonl"))) {
            JsonNode result = json.readTree(line);
            assertThat(result.get("content").asText()).isNotBlank();
            ids.add(result.get("id").asText());
        }
        assertThat(ids)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, total).mapToObj(i -> "s" + i).toList());
        assertThat(Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"))).isEmpty();
    }

    private void writePrompts(int count) throws IOException {
        Files.write(
                dir.resolve("in.jsonl"),
                IntStream.rangeClosed(1, count)
                        .mapToObj(i -> "{\"id\":\"s" + i + "\",\"prompt\":\"Prompt " + i + "\"}")
                        .toList());
    }
}
