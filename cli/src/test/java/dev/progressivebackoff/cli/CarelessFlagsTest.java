package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smaller items of issue 15: flags given carelessly end with exit 2 and a message naming the flag, never
 * a stack trace, an internal field name, or the value of a secret.
 */
class CarelessFlagsTest {

    private static final String KEY = "sk-careless-flags-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void helpBeforeTheCommandShowsThatCommandsHelp() {
        for (List<String> args : List.of(List.of("-h", "run"), List.of("--help", "run"), List.of("run", "-h"))) {
            CliHarness.Result result = cli().run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(args + ": " + result.err()).isZero();
            assertThat(result.out())
                    .as(args.toString())
                    .contains("Usage: backoff run")
                    .contains("--input");
        }
    }

    @Test
    void scheduleRetriesAreBounded() {
        CliHarness.Result result = cli().run("schedule", "--retries", "2147483647");

        assertUsage(result, "--retries must be between 0 and 100: 2147483647");
    }

    @Test
    void anEpochTimeOutOfRangeIsAUsageErrorNamingNow() {
        for (String now : List.of("99999999999999999", "99999999999999999999999")) {
            CliHarness.Result result = cli().run("explain", "--status", "429", "--now", now);

            assertUsage(result, "--now: '" + now + "' epoch seconds are out of range");
        }
    }

    @Test
    void anEndpointPortOutOfRangeIsAUsageErrorNamingTheFlag() throws IOException {
        input();
        CliHarness.Result run = cli().run(runArgs("--endpoint", "http://127.0.0.1:99999/v1"));
        CliHarness.Result health = cli().run("health", "--endpoint", "http://127.0.0.1:99999/v1");

        assertUsage(run, "--endpoint: endpoint port must be in 1..65535: 99999");
        assertUsage(health, "--endpoint: endpoint port must be in 1..65535: 99999");
    }

    @Test
    void aKeyGivenToTheWrongFlagIsNeverEchoed() throws IOException {
        input();
        CliHarness.Result keyFile = cli().run(runArgs("--endpoint", "http://127.0.0.1:9/v1", "--api-key-file", KEY));
        CliHarness.Result endpoint = cli().run(runArgs("--endpoint", KEY));
        CliHarness.Result redis = cli().run(runArgs("--redis", KEY));

        assertUsage(keyFile, "--api-key-file: no such file: a value that looks like an API key (not shown)");
        assertUsage(endpoint, "--endpoint: a value that looks like an API key (not shown)");
        assertUsage(redis, "--redis: redis must be redis://HOST:PORT[/DB] (or rediss://), but the value has no scheme");
        for (CliHarness.Result result : List.of(keyFile, endpoint, redis)) {
            assertThat(result.out() + result.err())
                    .doesNotContain("careless-flags")
                    .doesNotContain("null://null");
        }
    }

    @Test
    void aBadRedisValueSaysWhatIsWrongWithIt() throws IOException {
        input();
        assertUsage(
                cli().run(runArgs("--redis", "localhost:6379")),
                "--redis: redis must be redis://HOST:PORT[/DB] (or rediss://), but its scheme is 'localhost:'");
        assertUsage(cli().run(runArgs("--redis", "redis:/x")), "the value names no host");
        assertUsage(
                cli().run(runArgs("--redis", "redis://127.0.0.1:99999")),
                "--redis: redis port must be in 1..65535: 99999");
    }

    @Test
    void runsUsageErrorsNameFlagsNotSettingsFields() throws IOException {
        input();
        assertUsage(cli().run(runArgs("--max-retries", "-1")), "--max-retries must not be negative: -1");
        assertUsage(
                cli().run(runArgs("--max-rate-limit-retries", "-1")),
                "--max-rate-limit-retries must not be negative: -1");
        assertUsage(
                cli().run(runArgs("--retry-backoff-factor", "-1")),
                "--retry-backoff-factor must be a finite number >= 0: -1.0");
        assertUsage(cli().run(runArgs("--max-response-bytes", "0")), "--max-response-bytes must be between 1 and");
    }

    @Test
    void aHugeKeyFileIsRefusedNamingTheFile() throws IOException {
        Path huge = dir.resolve("huge.key");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: 3 GiB on no disk space
        }
        Files.setPosixFilePermissions(huge, PosixFilePermissions.fromString("rw-------"));

        CliHarness.Result result =
                cli().run("health", "--endpoint", "http://127.0.0.1:9/v1", "--api-key-file", "huge.key");

        assertUsage(result, "--api-key-file: huge.key is larger than 4096 bytes; a key file holds one API key");
    }

    @Test
    void aBodyFileThatNeverEndsIsRefused() {
        CliHarness.Result result = cli().run("explain", "--status", "429", "--body", "@/dev/zero");

        assertUsage(result, "--body: cannot read /dev/zero: larger than 1048576 bytes");
    }

    @Test
    void aKeyFileWithAByteOrderMarkIsReadWithoutIt() throws IOException {
        try (RecordingChatEndpoint server = RecordingChatEndpoint.start()) {
            keyFile("\uFEFF" + KEY + "\n");

            CliHarness.Result result =
                    cli().run("health", "--endpoint", server.endpoint(), "--api-key-file", "api.key");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(server.arrivals())
                    .isNotEmpty()
                    .allSatisfy(arrival -> assertThat(arrival.apiKey()).isEqualTo(KEY));
        }
    }

    @Test
    void aKeyWithAnInvisibleCharacterIsRefusedWithoutPrintingIt() throws IOException {
        keyFile("sk-careless-flags\u200B0123456789abcdef\n");
        CliHarness.Result fromFile =
                cli().run("health", "--endpoint", "http://127.0.0.1:9/v1", "--api-key-file", "api.key");
        CliHarness.Result fromEnv = new CliHarness(Map.of("MOONSHOT_API_KEY", "sk-careless\u00A0flags-0123456789"), dir)
                .run("health", "--endpoint", "http://127.0.0.1:9/v1");

        assertUsage(
                fromFile,
                "the API key in --api-key-file api.key holds an invisible, control or non-ASCII "
                        + "character (U+200B at index 17)");
        assertUsage(fromEnv, "the API key in the environment variable MOONSHOT_API_KEY holds an invisible");
        assertThat(fromFile.err() + fromEnv.err()).doesNotContain("careless");
    }

    @Test
    void aRefusedKeyIsReportedWithTheStatusOnce() throws IOException {
        input();
        try (LoopbackServer server = LoopbackServer.start(CarelessFlagsTest::unauthorized)) {
            CliHarness.Result result =
                    cli().run(runArgs("--endpoint", server.endpoint(), "--tier", "tier5", "--skip-health-check"));

            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("out.jsonl.failed.jsonl")))
                    .contains("HTTP 401: unauthorized")
                    .doesNotContain("HTTP 401: HTTP 401");
        }
    }

    private static void unauthorized(HttpExchange exchange) throws IOException {
        LoopbackServer.send(
                exchange,
                401,
                "application/json",
                "{\"error\":{\"message\":\"Invalid Authentication\",\"type\":\"invalid_authentication_error\"}}");
    }

    private void assertUsage(CliHarness.Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private CliHarness cli() {
        return new CliHarness(Map.of("MOONSHOT_API_KEY", KEY), dir);
    }

    private String[] runArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", "in.jsonl", "--output", "out.jsonl"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private void input() throws IOException {
        Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"prompt\":\"hello\"}\n");
    }

    private void keyFile(String content) throws IOException {
        Path file = dir.resolve("api.key");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
