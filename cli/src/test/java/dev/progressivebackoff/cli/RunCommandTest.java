package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.cli.internal.batch.SampleReader;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code backoff run} end to end: the real client against the simulated provider on loopback, in real time. */
class RunCommandTest {

    private static final String KEY = "sk-run-test-0123456789";
    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", KEY);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;

    @Test
    void writesEverySampleAgainstTheBuiltInSimulatedProviderWhenNoEndpointIsGiven() throws IOException {
        // given ten prompts, some in messages form, one without an id
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, 8)
                .forEach(i -> lines.add("{\"id\":\"p" + i + "\",\"prompt\":\"Question " + i + "\"}"));
        lines.add("{\"id\":9,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5,\"model\":\"moonshot-v1-32k\"}");
        lines.add("{\"prompt\":\"No id here\"}");
        Files.write(dir.resolve("in.jsonl"), lines);

        // when
        CliHarness.Result result = cli(Map.of()).run("run", "--input", "in.jsonl", "--output", "out.jsonl");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<JsonNode> results = readJsonLines(dir.resolve("out.jsonl"));
        assertThat(results).hasSize(10);
        assertThat(results)
                .extracting(r -> r.get("id").toString())
                .containsExactlyInAnyOrder(
                        "\"p1\"",
                        "\"p2\"",
                        "\"p3\"",
                        "\"p4\"",
                        "\"p5\"",
                        "\"p6\"",
                        "\"p7\"",
                        "\"p8\"",
                        "9",
                        "\"" + SampleReader.contentId(new ObjectMapper().readTree("{\"prompt\":\"No id here\"}"))
                                + "\"");
        JsonNode nine = results.stream()
                .filter(r -> r.get("id").asInt() == 9)
                .findFirst()
                .orElseThrow();
        assertThat(nine.get("model").asText()).isEqualTo("moonshot-v1-32k");
        assertThat(nine.at("/usage/completion_tokens").asInt()).isBetween(1, 5);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.get("content").asText()).isNotBlank();
            assertThat(r.get("attempts").asInt()).isPositive();
            assertThat(r.get("waited_s").isNumber()).isTrue();
            assertThat(r.at("/usage/total_tokens").asInt()).isPositive();
        });
        assertThat(result.err()).contains("built-in simulated provider");
        assertThat(result.out()).contains("10 done now, 0 failed").contains("Results: out.jsonl");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"))).isEmpty();
    }

    @Test
    void resumesFromAPartialOutputSendingOnlyTheSamplesNotYetDone() throws IOException {
        // given ten prompts of which four are already in the output
        writePrompts(10);
        List<String> done = List.of(
                "{\"id\":\"s1\",\"content\":\"old 1\",\"model\":\"m\",\"usage\":{},\"attempts\":1,\"waited_s\":0.0}",
                "{\"id\":\"s2\",\"content\":\"old 2\",\"model\":\"m\",\"usage\":{},\"attempts\":1,\"waited_s\":0.0}",
                "{\"id\":\"s5\",\"content\":\"old 5\",\"model\":\"m\",\"usage\":{},\"attempts\":1,\"waited_s\":0.0}",
                "{\"id\":\"s9\",\"content\":\"old 9\",\"model\":\"m\",\"usage\":{},\"attempts\":1,\"waited_s\":0.0}");
        Files.write(dir.resolve("out.jsonl"), done);
        String endpoint =
                startProvider(SimulatedProvider.builder().withRpm(6000).withMaxConcurrency(50));

        // when
        CliHarness.Result result = cli(ENV).run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier1");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> output = Files.readAllLines(dir.resolve("out.jsonl"));
        assertThat(output).hasSize(10).startsWith(done.toArray(String[]::new)).doesNotHaveDuplicates();
        assertThat(readJsonLines(dir.resolve("out.jsonl")))
                .extracting(r -> r.get("id").asText())
                .doesNotHaveDuplicates()
                .hasSize(10);
        assertThat(provider.stats().completions()).isEqualTo(6);
        assertThat(result.out()).contains("(4 already done), 6 done now");
    }

    @Test
    void resumeRepairsALastLineCutOffByACrashReportsItAndRunsThatSampleAgain() throws IOException {
        // given an output whose last result was cut off mid-write
        writePrompts(4);
        String complete = "{\"id\":\"s1\",\"content\":\"old 1\",\"model\":\"m\",\"usage\":{},\"attempts\":1,"
                + "\"waited_s\":0.0}\n";
        Files.writeString(dir.resolve("out.jsonl"), complete + "{\"id\":\"s2\",\"content\":\"old 2\",\"mod");
        String endpoint =
                startProvider(SimulatedProvider.builder().withRpm(60_000).withMaxConcurrency(50));

        // when
        CliHarness.Result result = cli(ENV).run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier1");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("out.jsonl:2: removed a truncated last line");
        assertThat(Files.readString(dir.resolve("out.jsonl"))).startsWith(complete);
        assertThat(readJsonLines(dir.resolve("out.jsonl")))
                .extracting(r -> r.get("id").asText())
                .containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
        assertThat(provider.stats().completions()).isEqualTo(3);
    }

    @Test
    void aFailedHealthCheckSendsNoSampleAndListsEveryOneAsNotDone() throws IOException {
        writePrompts(3);
        String endpoint =
                startProvider(SimulatedProvider.builder().withRpm(60_000).withApiKey("sk-another-key"));

        CliHarness.Result result = cli(ENV).run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("health check of " + endpoint + " failed: HTTP 401")
                .contains("3 samples not done")
                .contains("Resume with: backoff run");
        assertThat(readJsonLines(dir.resolve("out.jsonl.failed.jsonl")))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f.get("not_done").asBoolean()).isTrue());
        assertThat(provider.stats().requests()).isEqualTo(1);
    }

    @Test
    void thousandsOfSamplesOn32WorkersEachEndUpInTheOutputExactlyOnce() throws IOException {
        writePrompts(3000);
        String endpoint =
                startProvider(SimulatedProvider.builder().withRpm(600_000_000).withMaxConcurrency(64));

        CliHarness.Result result = cli(ENV).run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier5",
                        "--rpm",
                        "600000000",
                        "--no-pace",
                        "--concurrency",
                        "32");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(readJsonLines(dir.resolve("out.jsonl")))
                .extracting(r -> r.get("id").asText())
                .doesNotHaveDuplicates()
                .hasSize(3000);
        assertThat(provider.stats().completions()).isEqualTo(3000);
    }

    @Test
    void sendsNothingWhenEverySampleIsAlreadyDone() throws IOException {
        writePrompts(2);
        Files.write(
                dir.resolve("out.jsonl"),
                List.of("{\"id\":\"s1\",\"content\":\"a\"}", "{\"id\":\"s2\",\"content\":\"b\"}"));

        CliHarness.Result result = cli(ENV).run(
                        "run", "--input", "in.jsonl", "--output", "out.jsonl", "--endpoint", "http://127.0.0.1:9/v1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Nothing to do");
    }

    @Test
    void exitsWithTwoNamingTheMalformedLineAndLosesNothingAlreadyWritten() throws IOException {
        // given an output with earlier results, and an input whose third line is broken
        Files.write(
                dir.resolve("in.jsonl"),
                List.of(
                        "{\"id\":\"a\",\"prompt\":\"one\"}",
                        "{\"id\":\"b\",\"prompt\":\"two\"}",
                        "{\"id\":\"c\",\"prompt\":"));
        String earlier =
                "{\"id\":\"a\",\"content\":\"kept\",\"model\":\"m\",\"usage\":{},\"attempts\":1,\"waited_s\":0.0}\n";
        Files.writeString(dir.resolve("out.jsonl"), earlier);
        String endpoint = startProvider(SimulatedProvider.builder().withRpm(6000));

        // when
        CliHarness.Result result =
                cli(ENV).run("run", "--input", "in.jsonl", "--output", "out.jsonl", "--endpoint", endpoint);

        // then
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("in.jsonl:3").contains("not valid JSON");
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo(earlier);
        assertThat(dir.resolve("out.jsonl.failed.jsonl")).doesNotExist();
        assertThat(provider.stats().requests()).isZero();
    }

    @Test
    void recordsSamplesThatCannotBeCompletedInTheFailuresFileAndExitsWithOne() throws IOException {
        // given a provider that admits two requests a minute and a client that will not wait 60 s (unpaced:
        // paced, it would space the samples at the detected 2 RPM and complete them all)
        writePrompts(5);
        String endpoint = startProvider(SimulatedProvider.builder().withRpm(2).withMaxConcurrency(10));

        // when
        CliHarness.Result result = cli(ENV).run(
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
                        "--max-server-wait",
                        "1s",
                        "--failures",
                        "failed.jsonl",
                        "--no-pace");

        // then
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(2);
        List<JsonNode> failures = readJsonLines(dir.resolve("failed.jsonl"));
        assertThat(failures).hasSize(3).allSatisfy(f -> {
            assertThat(f.get("status").asInt()).isEqualTo(429);
            assertThat(f.get("error").asText()).contains("rate limited until");
            assertThat(f.get("attempts").asInt()).isEqualTo(1);
        });
        assertThat(result.out()).contains("Failures: failed.jsonl (3 failed;");
    }

    @Test
    void recordsAWrongKeyAsFailuresWithStatus401AndNeverPrintsTheKey() throws IOException {
        writePrompts(3);
        String endpoint =
                startProvider(SimulatedProvider.builder().withRpm(6000).withApiKey("sk-the-right-one"));

        CliHarness.Result result = cli(ENV).run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier1",
                        "--skip-health-check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(readJsonLines(dir.resolve("out.jsonl.failed.jsonl")))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f.get("status").asInt()).isEqualTo(401));
        assertThat(result.out() + result.err() + Files.readString(dir.resolve("out.jsonl.failed.jsonl")))
                .doesNotContain(KEY);
    }

    @Test
    void stopsOnCtrlCWritingTheSampleInFlightAndPrintsTheResumeCommand() throws Exception {
        // given a provider whose first completion is held until the test releases it
        writePrompts(5);
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String endpoint = startProvider(SimulatedProvider.builder()
                .withRpm(6000)
                .withMaxConcurrency(10)
                .withLatency(Duration.ofMillis(1))
                .withSleeper(latency -> {
                    arrived.countDown();
                    release.await(20, TimeUnit.SECONDS);
                }));
        StopSignal stop = new StopSignal();
        CliHarness harness = new CliHarness(ENV, dir, stop);
        CompletableFuture<CliHarness.Result> running = CompletableFuture.supplyAsync(() -> harness.run(
                "run",
                "--input",
                "in.jsonl",
                "--output",
                "out.jsonl",
                "--endpoint",
                endpoint,
                "--tier",
                "tier1",
                "--skip-health-check",
                "--concurrency",
                "1"));
        assertThat(arrived.await(20, TimeUnit.SECONDS)).isTrue();

        // when Ctrl-C arrives while the first sample is in flight
        stop.trip();
        release.countDown();
        CliHarness.Result result = running.get(20, TimeUnit.SECONDS);

        // then
        assertThat(result.exitCode()).isEqualTo(1);
        List<String> written = Files.readAllLines(dir.resolve("out.jsonl"));
        List<String> notDone = Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"));
        assertThat(written).hasSizeLessThanOrEqualTo(1);
        assertThat(written.size() + notDone.size()).isEqualTo(5);
        assertThat(notDone).allSatisfy(line -> assertThat(line).contains("\"not_done\":true"));
        assertThat(result.err())
                .contains("samples not done (listed in out.jsonl.failed.jsonl). Resume with: "
                        + "backoff run --input in.jsonl --output out.jsonl --endpoint " + endpoint);
    }

    @Test
    void namesTheMissingKeyVariableWhenAnEndpointIsGiven() throws IOException {
        writePrompts(1);

        CliHarness.Result result = cli(Map.of())
                .run("run", "--input", "in.jsonl", "--output", "out.jsonl", "--endpoint", "https://api.moonshot.ai/v1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("MOONSHOT_API_KEY");
    }

    @Test
    void namesTheFileAndFieldOfABadConfig() throws IOException {
        writePrompts(1);
        Files.writeString(dir.resolve("settings.json"), "{\"maxTransportRetries\": -1}");

        CliHarness.Result result =
                cli(ENV).run("run", "--input", "in.jsonl", "--output", "out.jsonl", "--config", "settings.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("settings.json").contains("maxTransportRetries");
    }

    @Test
    void requiresInputAndOutput() {
        CliHarness.Result result = cli(ENV).run("run", "--input", "in.jsonl");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--output");
    }

    @Test
    void usesTheFreeTierProviderWhenAskedWithSimTier() throws IOException {
        writePrompts(1);

        CliHarness.Result result =
                cli(Map.of()).run("run", "--input", "in.jsonl", "--output", "out.jsonl", "--sim-tier", "tier2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("500 RPM");
        assertThat(TierCatalog.moonshot().require("tier2").requestsPerMinute()).isEqualTo(500);
    }

    private String startProvider(SimulatedProvider.Builder builder) {
        provider = providers.start(builder);
        return provider.baseUri().toString();
    }

    private void writePrompts(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, count)
                .forEach(i -> lines.add("{\"id\":\"s" + i + "\",\"prompt\":\"Prompt " + i + "\"}"));
        Files.write(dir.resolve("in.jsonl"), lines);
    }

    private List<JsonNode> readJsonLines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(line -> {
                    try {
                        return json.readTree(line);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    private CliHarness cli(Map<String, String> env) {
        return new CliHarness(env, dir);
    }
}
