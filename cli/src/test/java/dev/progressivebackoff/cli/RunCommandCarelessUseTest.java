package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.cli.internal.batch.OutputLock;
import dev.progressivebackoff.testsupport.HostileServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backoff run} used carelessly (issue 15): outputs that are inputs, a second run on the same output,
 * content that is not plain text, answers that say nothing. Servers are real, on loopback.
 */
@Timeout(60)
class RunCommandCarelessUseTest {

    private static final String KEY = "sk-careless-test-0123456789";
    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", KEY);
    private static final String INPUT = "{\"id\":\"a\",\"prompt\":\"one\"}\n{\"id\":\"b\",\"prompt\":\"two\"}\n";

    @TempDir
    Path dir;

    private LoopbackServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String answering(LoopbackServer.Handler handler) {
        server = LoopbackServer.start(handler);
        return server.endpoint();
    }

    private CliHarness.Result run(String endpoint, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "run", "--input", "in.jsonl", "--output", "out.jsonl", "--endpoint", endpoint, "--tier", "tier1"));
        args.addAll(List.of(more));
        return new CliHarness(ENV, dir).run(args.toArray(String[]::new));
    }

    @Test
    void failuresNamingTheInputIsRefusedAndTheInputKept() throws IOException {
        // issue 15 item 1
        Files.writeString(dir.resolve("in.jsonl"), INPUT);
        String endpoint = answering(
                exchange -> LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("ok")));

        CliHarness.Result result = run(endpoint, "--failures", "in.jsonl");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--failures: in.jsonl is the same file as --input in.jsonl");
        assertThat(Files.readString(dir.resolve("in.jsonl"))).isEqualTo(INPUT);
        assertThat(server.requests()).isZero();
    }

    @Test
    void failuresThroughASymbolicLinkToTheOutputIsRefusedAndEarlierResultsKept() throws IOException {
        // issue 15 item 2
        Files.writeString(dir.resolve("in.jsonl"), INPUT);
        String earlier = "{\"id\":\"a\",\"content\":\"kept\",\"model\":\"m\",\"usage\":{},\"attempts\":1,"
                + "\"waited_s\":0.0}\n";
        Files.writeString(dir.resolve("out.jsonl"), earlier);
        Files.createSymbolicLink(dir.resolve("f.jsonl"), dir.resolve("out.jsonl"));
        String endpoint = answering(
                exchange -> LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("ok")));

        CliHarness.Result result = run(endpoint, "--failures", "f.jsonl");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--failures: f.jsonl is the same file as --output out.jsonl");
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEqualTo(earlier);
    }

    @Test
    void inputAndOutputTheSameFileIsRefusedNotANothingToDo() throws IOException {
        // issue 15 item 4
        Files.writeString(dir.resolve("in.jsonl"), INPUT);

        CliHarness.Result result = new CliHarness(ENV, dir)
                .run("run", "--input", "in.jsonl", "--output", "./in.jsonl", "--endpoint", "http://127.0.0.1:9/v1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--output: ./in.jsonl is the same file as --input in.jsonl");
        assertThat(result.out()).doesNotContain("Nothing to do");
        assertThat(Files.readString(dir.resolve("in.jsonl"))).isEqualTo(INPUT);
    }

    @Test
    void aNotesFileGivenAsOutputIsRefusedAndKeepsItsLine() throws IOException {
        // issue 15 item 3
        Files.writeString(dir.resolve("in.jsonl"), INPUT);
        Files.writeString(dir.resolve("notes.txt"), "my only line\n");

        CliHarness.Result result = new CliHarness(ENV, dir)
                .run("run", "--input", "in.jsonl", "--output", "notes.txt", "--endpoint", "http://127.0.0.1:9/v1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("notes.txt:1: not a result line");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("my only line\n");
    }

    @Test
    @SuppressWarnings("try") // ChildCli.close may be interrupted
    void aSecondRunOnTheSameOutputFailsAtOnceNamingTheFirstOnesPid() throws Exception {
        // issue 15 item 6: the first run (a real process) hangs on a server that never answers
        Files.writeString(dir.resolve("in.jsonl"), INPUT);
        try (HostileServer silent = HostileServer.start(HostileServer.Behaviour.NEVER_ANSWERS);
                ChildCli first = ChildCli.start(
                        dir,
                        ENV,
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        silent.baseUri().toString(),
                        "--tier",
                        "tier1",
                        "--skip-health-check")) {
            Path lock = OutputLock.lockFileOf(dir.resolve("out.jsonl"));
            String pid = Long.toString(first.process().pid());
            dev.progressivebackoff.testsupport.Eventually.until(
                    () -> silent.requests() > 0, () -> "the first run to send its first request");
            assertThat(Files.readString(lock).strip()).isEqualTo(pid);

            CliHarness.Result second = run("http://127.0.0.1:9/v1");

            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).contains("out.jsonl is in use by another backoff run (PID " + pid);
            assertThat(first.process().isAlive()).isTrue();
        }
    }

    @Test
    void contentGivenAsAnArrayOfPartsIsSentAsGiven() throws IOException {
        // issue 15 item 8: image parts were flattened to an empty prompt
        String parts = "[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]";
        Files.writeString(
                dir.resolve("in.jsonl"),
                "{\"id\":\"img\",\"messages\":[{\"role\":\"user\",\"content\":" + parts + "}]}\n");
        String endpoint = answering(
                exchange -> LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("seen")));

        CliHarness.Result result = run(endpoint, "--skip-health-check");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sent = new ObjectMapper().readTree(server.bodies().get(0));
        assertThat(sent.path("messages").path(0).path("content")).isEqualTo(new ObjectMapper().readTree(parts));
    }

    @Test
    void anAnswerWithNullContentIsAFailureNotAnEmptySuccess() throws IOException {
        // issue 15: content null recorded as an empty success would never be asked again
        Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"one\"}\n");
        String endpoint = answering(exchange -> LoopbackServer.send(
                exchange,
                200,
                "application/json",
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null},"
                        + "\"finish_reason\":\"length\"}]}"));

        CliHarness.Result result = run(endpoint, "--skip-health-check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out.jsonl"))).isEmpty();
        assertThat(Files.readString(dir.resolve("out.jsonl.failed.jsonl")))
                .contains("no content and no tool calls (finish_reason: length)");
    }

    @Test
    void anAnswerWithToolCallsOnlyIsASuccessThatKeepsThem() throws IOException {
        Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"one\"}\n");
        String endpoint = answering(exchange -> LoopbackServer.send(
                exchange,
                200,
                "application/json",
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                        + "[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}]}"));

        CliHarness.Result result = run(endpoint, "--skip-health-check");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode line = new ObjectMapper().readTree(Files.readString(dir.resolve("out.jsonl")));
        assertThat(line.path("tool_calls").path(0).path("id").asText()).isEqualTo("t1");
    }

    @Test
    void aTwoHundredCarryingAnErrorSaysSoRatherThanNoChoices() throws IOException {
        Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"one\"}\n");
        String endpoint = answering(exchange -> LoopbackServer.send(
                exchange, 200, "application/json", "{\"error\":{\"message\":\"model overloaded\"}}"));

        CliHarness.Result result = run(endpoint, "--skip-health-check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out.jsonl.failed.jsonl")))
                .contains("an error in place of a completion: model overloaded")
                .doesNotContain("no choices");
    }

    @Test
    void aRunAgainstADribblingServerEndsAtTheRequestDeadline() throws IOException {
        // issue 15 item 11
        Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"one\"}\n");
        try (HostileServer dribbling = HostileServer.start(HostileServer.Behaviour.DRIBBLED_BODY)) {
            long start = System.nanoTime();
            CliHarness.Result result = run(
                    dribbling.baseUri().toString(),
                    "--skip-health-check",
                    "--request-deadline",
                    "500ms",
                    "--max-retries",
                    "0");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("out.jsonl.failed.jsonl"))).contains("request deadline");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
