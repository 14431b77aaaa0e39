package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.testsupport.RedisTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backoff run --redis}: the batch paced through a Redis-kept pacer, and what happens without Redis. */
class RunWithRedisTest {

    @TempDir
    Path dir;

    private CliHarness.Result run(String... extra) throws IOException {
        Files.write(
                dir.resolve("in.jsonl"),
                IntStream.rangeClosed(1, 6)
                        .mapToObj(i -> "{\"id\":\"r" + i + "\",\"prompt\":\"Question " + i + "\"}")
                        .toList());
        List<String> args = new java.util.ArrayList<>(
                List.of("run", "--input", "in.jsonl", "--output", "out.jsonl", "--skip-health-check"));
        args.addAll(List.of(extra));
        return new CliHarness(Map.of(), dir).run(args.toArray(String[]::new));
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void pacesTheBatchThroughTheSharedRedis() throws IOException {
        CliHarness.Result result = run("--redis", RedisTestServer.uri().toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Pacing shared through Redis at redis://");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(6);
    }

    @Test
    void withoutRedisTheDefaultFallsBackToLocalPacingWithAWarning() throws IOException {
        CliHarness.Result result = run("--redis", "redis://127.0.0.1:" + closedPort());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("WARNING: Redis at redis://127.0.0.1:", "is unavailable", "FALLBACK_LOCAL");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(6);
    }

    @Test
    void withoutRedisStopStartsNothingAndSaysWhy() throws IOException {
        CliHarness.Result result = run("--redis", "redis://127.0.0.1:" + closedPort(), "--redis-failure", "stop");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("is unavailable", "no request was started");
        assertThat(dir.resolve("out.jsonl"))
                .satisfiesAnyOf(
                        path -> assertThat(path).doesNotExist(),
                        path -> assertThat(Files.readAllLines(path)).isEmpty());
    }

    @Test
    void rejectsARedisUrlWithCredentialsOrABadFailureMode() throws IOException {
        CliHarness.Result credentials = run("--redis", "redis://:hunter2pw@127.0.0.1:6390");
        assertThat(credentials.exitCode()).isEqualTo(2);
        assertThat(credentials.err()).contains("--redis:", "credentials").doesNotContain("hunter2pw");

        CliHarness.Result mode = run("--redis", "redis://127.0.0.1:6390", "--redis-failure", "retry");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("--redis-failure: 'retry' is not one of fallback, stop");
    }
}
