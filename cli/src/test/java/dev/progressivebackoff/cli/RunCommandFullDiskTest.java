package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 9: a failures file on a full disk ({@code /dev/full} answers every write with ENOSPC) stops
 * {@code backoff run} with exit 1 and the resume command, and the sample whose line was lost runs again.
 */
class RunCommandFullDiskTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-full-disk-test-0123456789");

    @TempDir
    Path dir;

    private final AtomicInteger requests = new AtomicInteger();
    private LoopbackServer server;

    @BeforeEach
    void startServer() throws IOException {
        assertThat(Path.of("/dev/full")).as("a Linux machine's full device").exists();
        server = LoopbackServer.start(this::answer);
        Files.write(
                dir.resolve("in.jsonl"),
                List.of(
                        "{\"id\":\"s1\",\"prompt\":\"one\"}",
                        "{\"id\":\"s2\",\"prompt\":\"two\"}",
                        "{\"id\":\"s3\",\"prompt\":\"three\"}",
                        "{\"id\":\"s4\",\"prompt\":\"four\"}"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aFailureLineThatCannotBeWrittenStopsTheRunWithTheResumeCommand() throws IOException {
        // when the failure of s2 cannot be written
        CliHarness.Result full = run("--failures", "/dev/full");

        // then the run stops there, says why and how to resume, and exits 1
        assertThat(full.exitCode()).as(full.err()).isEqualTo(1);
        assertThat(full.err())
                .contains("No space left on device")
                .contains("3 samples not done")
                .contains("Resume with: backoff run");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .singleElement()
                .asString()
                .contains("\"s1\"");

        // and a resume runs s2 (answered this time) and the samples never started
        CliHarness.Result resumed = run();
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("(1 already done), 3 done now, 0 failed");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(4);
    }

    private CliHarness.Result run(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "run",
                "--input",
                "in.jsonl",
                "--output",
                "out.jsonl",
                "--endpoint",
                server.endpoint(),
                "--tier",
                "tier5",
                "--skip-health-check",
                "--concurrency",
                "1"));
        args.addAll(List.of(extra));
        return new CliHarness(ENV, dir).run(args.toArray(String[]::new));
    }

    /** Refuses the second request (s2, one worker) with a 400, which is not retried; answers every other. */
    private void answer(HttpExchange exchange) throws IOException {
        if (requests.incrementAndGet() == 2) {
            LoopbackServer.send(
                    exchange, 400, "application/json", "{\"error\":{\"message\":\"bad\",\"type\":\"invalid\"}}");
        } else {
            LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("ok"));
        }
    }
}
