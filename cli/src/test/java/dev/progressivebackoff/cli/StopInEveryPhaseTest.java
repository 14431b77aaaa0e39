package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.HostileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 10: a stop (Ctrl-C) ends {@code run}, {@code health} and {@code detect-tier} within about a
 * second even while the health check or tier detection waits on a server that never answers.
 */
@Timeout(60)
class StopInEveryPhaseTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-stop-test-0123456789");

    @TempDir
    Path dir;

    @Test
    void runStopsDuringTheHealthCheckWritingNothing() throws Exception {
        Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"one\"}\n");
        try (HostileServer silent = HostileServer.start(HostileServer.Behaviour.NEVER_ANSWERS)) {
            CliHarness.Result result = stoppedOnceAsked(
                    silent,
                    "run",
                    "--input",
                    "in.jsonl",
                    "--output",
                    "out.jsonl",
                    "--endpoint",
                    silent.baseUri().toString(),
                    "--tier",
                    "tier1");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("stopped during the health check; nothing sent");
            assertThat(dir.resolve("out.jsonl")).doesNotExist();
        }
    }

    @Test
    void healthAndDetectTierStopWhileTheServerNeverAnswers() throws Exception {
        for (String command : new String[] {"health", "detect-tier"}) {
            try (HostileServer silent = HostileServer.start(HostileServer.Behaviour.NEVER_ANSWERS)) {
                CliHarness.Result result = stoppedOnceAsked(
                        silent, command, "--endpoint", silent.baseUri().toString());

                assertThat(result.exitCode()).as(command).isEqualTo(1);
                assertThat(result.err()).as(command).contains("stopped before");
            }
        }
    }

    /** Runs the command, trips the stop once the server has the request, and checks it ends within ~1 s. */
    private CliHarness.Result stoppedOnceAsked(HostileServer server, String... args) throws Exception {
        StopSignal stop = new StopSignal();
        CompletableFuture<CliHarness.Result> running =
                CompletableFuture.supplyAsync(() -> new CliHarness(ENV, dir, stop).run(args));
        Eventually.until(() -> server.requests() > 0, () -> "the command to send its request");
        long tripped = System.nanoTime();
        stop.trip();
        CliHarness.Result result = running.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - tripped)).isLessThan(Duration.ofMillis(1500));
        return result;
    }
}
