package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while every worker waits out a 640-second rate limit (the last step of the free tier): the run
 * stops at once, lists the pending samples as not done, prints the resume command, and the resume does them.
 * Nothing here waits for the 640 s: the wait is interrupted.
 */
class InterruptTest {

    private static final String KEY = "sk-interrupt-test-0123456789";
    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", KEY);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean limited = new AtomicBoolean(true);
    private final CountDownLatch bothWaiting = new CountDownLatch(2);
    private LoopbackServer server;

    @BeforeEach
    void startAServerThatAsksFor640Seconds() throws IOException {
        server = LoopbackServer.start(exchange -> {
            if (limited.get()) {
                exchange.getResponseHeaders().set("Retry-After", "640");
                LoopbackServer.send(
                        exchange,
                        429,
                        "application/json",
                        "{\"error\":{\"message\":\"Your account "
                                + "reached max RPM: 3\",\"type\":\"rate_limit_reached_error\"}}");
                bothWaiting.countDown();
            } else {
                LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("fine"));
            }
        });
        Files.write(
                dir.resolve("in.jsonl"),
                IntStream.rangeClosed(1, 5)
                        .mapToObj(i -> "{\"id\":\"s" + i + "\",\"prompt\":\"Prompt " + i + "\"}")
                        .toList());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void ctrlCDuringA640SecondWaitStopsWithinASecondAndListsThePendingSamplesAsNotDone() throws Exception {
        // given a run whose two workers both wait 640 s on a 429
        StopSignal stop = new StopSignal();
        CliHarness harness = new CliHarness(ENV, dir, stop);
        CompletableFuture<CliHarness.Result> running = CompletableFuture.supplyAsync(() -> harness.run(runArgs()));
        assertThat(bothWaiting.await(30, TimeUnit.SECONDS)).isTrue();

        // when Ctrl-C arrives
        long pressed = System.nanoTime();
        stop.trip();
        CliHarness.Result result = running.get(30, TimeUnit.SECONDS);
        Duration stoppedIn = Duration.ofNanos(System.nanoTime() - pressed);

        // then
        assertThat(stoppedIn).isLessThan(Duration.ofMillis(1500));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEmpty();
        assertAllNotDone();
        assertThat(result.err())
                .contains("Stopped: 5 samples not done (listed in out.jsonl.failed.jsonl). " + "Resume with: backoff "
                        + String.join(" ", runArgs()));
        assertThat(result.out()).contains("Run stopped").contains("5 not done");

        // and the resume command does them all
        limited.set(false);
        CliHarness.Result resumed = new CliHarness(ENV, dir).run(runArgs());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(ids(dir.resolve("out.jsonl"))).containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "s5");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"))).isEmpty();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @SuppressWarnings("try") // ChildCli.close() may be interrupted; the test declares it
    void aRealSigintToTheProcessDuringA640SecondWaitEndsItCleanlyWithTheResumeCommand() throws Exception {
        // given a child process whose two workers both wait 640 s on a 429
        try (ChildCli child = ChildCli.start(dir, ENV, runArgs())) {
            assertThat(bothWaiting.await(60, TimeUnit.SECONDS))
                    .as("both workers got their 429")
                    .isTrue();

            // when it receives SIGINT, as from Ctrl-C in a terminal
            long pressed = System.nanoTime();
            Process kill = new ProcessBuilder(
                            "kill", "-INT", Long.toString(child.process().pid()))
                    .start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            int exitCode = child.awaitExit(Duration.ofSeconds(30));
            Duration stoppedIn = Duration.ofNanos(System.nanoTime() - pressed);

            // then
            assertThat(stoppedIn).isLessThan(Duration.ofSeconds(5));
            assertThat(exitCode).isEqualTo(130);
            assertThat(child.err()).contains("Stopped: 5 samples not done").contains("Resume with: backoff run");
            assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEmpty();
            assertAllNotDone();
        }
    }

    private void assertAllNotDone() throws IOException {
        List<JsonNode> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"))) {
            failures.add(json.readTree(line));
        }
        assertThat(failures)
                .extracting(f -> f.get("id").asText())
                .containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "s5");
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.get("not_done").asBoolean()).isTrue();
            assertThat(f.get("error").asText()).startsWith("not done: the run was stopped");
        });
    }

    private String[] runArgs() {
        return new String[] {
            "run",
            "--input",
            "in.jsonl",
            "--output",
            "out.jsonl",
            "--endpoint",
            server.endpoint(),
            "--tier",
            "free",
            "--skip-health-check",
            "--concurrency",
            "2",
            "--no-pace"
        };
    }

    private List<String> ids(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ids.add(json.readTree(line).get("id").asText());
        }
        return ids;
    }
}
