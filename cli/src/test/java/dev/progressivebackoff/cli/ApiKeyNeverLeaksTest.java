package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.testsupport.LogCapture;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redaction scan: every command, with a recognisable key, against endpoints that fail in every way —
 * several of them echoing the key back — and then everything produced is searched for the key: stdout,
 * stderr, every file written, and what reached the log.
 */
class ApiKeyNeverLeaksTest {

    private static final String KEY = "sk-LEAKCANARY-5f2d8e7b9c";
    private static final List<String> MODES = List.of("e401", "e500", "html", "e429", "badjson", "echo", "empty");

    @TempDir
    Path dir;

    private final List<String> produced = new ArrayList<>();
    private final Map<String, AtomicInteger> keyedRequests = new ConcurrentHashMap<>();

    @Test
    void theKeyAppearsNowhereWhateverTheEndpointDoes() throws Exception {
        // given a recognisable key in the environment and in a private file, and endpoints that fail in every way
        LogCapture log = LogCapture.start();
        Map<String, String> env = Map.of("MOONSHOT_API_KEY", KEY);
        Files.writeString(dir.resolve("key.txt"), KEY + "\n");
        Files.setPosixFilePermissions(dir.resolve("key.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.write(
                dir.resolve("in.jsonl"),
                List.of("{\"id\":\"a\",\"prompt\":\"Hello\"}", "{\"id\":\"b\",\"prompt\":\"Tell me the key\"}"));
        Files.writeString(dir.resolve("fast.json"), "{\"maxTransportRetries\": 1, \"transportBaseDelay\": 0}");
        CliHarness cli = new CliHarness(env, dir);
        CliHarness noEnv = new CliHarness(Map.of(), dir);
        try (LoopbackServer server = LoopbackServer.start(this::misbehave)) {
            String base = server.endpoint().replace("/v1", "");
            List<String> endpoints = new ArrayList<>();
            MODES.forEach(mode -> endpoints.add(base + "/" + mode + "/v1"));
            endpoints.add(refusedEndpoint());

            // when every command that talks to an endpoint runs against each of them
            int n = 0;
            for (String endpoint : endpoints) {
                n++;
                record(cli.run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out" + n + ".jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier1",
                        "--no-pace",
                        "--max-retries",
                        "1",
                        "--retry-backoff-factor",
                        "0"));
                record(cli.run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "skip" + n + ".jsonl",
                        "--endpoint",
                        endpoint,
                        "--tier",
                        "tier1",
                        "--no-pace",
                        "--max-retries",
                        "1",
                        "--retry-backoff-factor",
                        "0",
                        "--skip-health-check"));
                record(noEnv.run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "file" + n + ".jsonl",
                        "--endpoint",
                        endpoint,
                        "--api-key-file",
                        "key.txt",
                        "--tier",
                        "auto",
                        "--no-pace",
                        "--max-retries",
                        "1",
                        "--retry-backoff-factor",
                        "0",
                        "--skip-health-check"));
                record(cli.run("detect-tier", "--endpoint", endpoint, "--config", "fast.json"));
                record(cli.run("detect-tier", "--endpoint", endpoint, "--config", "fast.json", "--format", "json"));
                record(cli.run("health", "--endpoint", endpoint, "--config", "fast.json"));
                record(cli.run("health", "--endpoint", endpoint, "--config", "fast.json", "--format", "json"));
            }
            // and every command that does not, and the ways a key could be passed wrongly
            record(cli.run("schedule"));
            record(cli.run("schedule", "--tier", "free", "--format", "json"));
            record(cli.run("verify"));
            record(cli.run(
                    "explain",
                    "--status",
                    "429",
                    "--header",
                    "Retry-After: 20",
                    "--body",
                    "{\"error\":{\"message\":\"please try again after 3 seconds\"}}"));
            record(cli.run("--help"));
            record(cli.run("run", "--input", "in.jsonl", "--output", "x.jsonl", "--api-key", KEY));
            record(cli.run("run", "--input", "in.jsonl", "--output", "x.jsonl", "--api-key=" + KEY));
            record(cli.run("run", "--input", "in.jsonl", "--output", "x.jsonl", KEY));
            record(cli.run("health", "--endpoint", "http://api.example.invalid/v1"));
            recordServe(env);

            // then the key went out (so there was something to leak) and came back in echoes...
            assertThat(keyedRequests).containsKeys("e401", "e500", "html", "e429", "badjson", "echo", "empty", "serve");
        }
        assertThat(String.join("\n", produced)).contains(ApiKey.REDACTED);
        // ...yet it is nowhere: not in what was printed, not in any file written, not in the log
        assertThat(produced).allSatisfy(text -> assertThat(text).doesNotContain(KEY));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("key.txt"))
                    .toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(KEY);
            }
        }
        String logged = log.text();
        assertThat(logged).contains("[TeacherClient]").doesNotContain(KEY);
    }

    @Test
    void noValueThatHoldsTheKeyShowsItInToString() throws IOException {
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint("http://127.0.0.1:9/v1")
                .withApiKey(KEY)
                .build()) {
            assertThat(client.toString()).doesNotContain(KEY).contains(ApiKey.REDACTED);
        }
        assertThat(ApiKey.of(KEY).toString()).isEqualTo(ApiKey.REDACTED);
        assertThat(TransportRequest.get(URI.create("http://127.0.0.1:9/v1/models"))
                        .withBearerToken(ApiKey.of(KEY))
                        .toString())
                .doesNotContain(KEY);
        assertThat(new CliContext(System.out, System.err, Map.of("MOONSHOT_API_KEY", KEY), dir, false, new StopSignal())
                        .toString())
                .doesNotContain(KEY);
    }

    private void misbehave(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String mode = path.split("/")[1];
        if (("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            keyedRequests.computeIfAbsent(mode, m -> new AtomicInteger()).incrementAndGet();
        }
        exchange.getResponseHeaders().set("x-echo", KEY);
        exchange.getResponseHeaders().set("x-ratelimit-limit-requests", "200");
        switch (mode) {
            case "e401" ->
                LoopbackServer.send(
                        exchange,
                        401,
                        "application/json",
                        "{\"error\":{\"message\":"
                                + "\"Incorrect API key provided: " + KEY
                                + "\",\"type\":\"invalid_authentication_error\",\"code\":\""
                                + KEY + "\"}}");
            case "e500" ->
                LoopbackServer.send(
                        exchange,
                        500,
                        "application/json",
                        "{\"error\":{\"message\":\"internal error while checking " + KEY + "\"}}");
            case "html" ->
                LoopbackServer.send(
                        exchange,
                        502,
                        "text/html",
                        "<html><body><h1>502 Bad Gateway</h1><p>" + "upstream refused key " + KEY
                                + "</p></body></html>");
            case "e429" -> {
                exchange.getResponseHeaders().set("Retry-After", "86400");
                LoopbackServer.send(
                        exchange,
                        429,
                        "application/json",
                        "{\"error\":{\"message\":\"key " + KEY
                                + " reached max RPM, please try again after 86400 seconds\",\"type\":\"rate_limit_reached_error\"}}");
            }
            case "badjson" ->
                LoopbackServer.send(
                        exchange, 200, "application/json", "{\"choices\":[{\"message\":{\"content\":\"" + KEY);
            case "echo" ->
                LoopbackServer.send(
                        exchange,
                        200,
                        "application/json",
                        path.endsWith("/models")
                                ? "{\"object\":\"list\",\"data\":[{\"id\":\"" + KEY + "\"}]}"
                                : "{\"model\":\"" + KEY
                                        + "\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                                        + "\"your key is " + KEY
                                        + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":1}}");
            case "empty" -> LoopbackServer.send(exchange, 200, "application/json", "");
            default -> LoopbackServer.send(exchange, 404, "text/plain", "no such mode " + mode);
        }
    }

    private void recordServe(Map<String, String> env) throws Exception {
        StopSignal stop = new StopSignal();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env,
                dir,
                false,
                stop);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> main.run("serve", "--tier", "tier1", "--api-key-env", "MOONSHOT_API_KEY", "--fault", "html:0.5"));
        String base = awaitFirstLine(out);
        HttpClient http = HttpClient.newHttpClient();
        for (String key : List.of(KEY, "sk-wrong", KEY)) {
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        keyedRequests.computeIfAbsent("serve", m -> new AtomicInteger()).incrementAndGet();
        stop.trip();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        produced.add(out.toString(StandardCharsets.UTF_8));
        produced.add(err.toString(StandardCharsets.UTF_8));
    }

    private static String awaitFirstLine(ByteArrayOutputStream out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = out.toString(StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            if (newline > 0) {
                return text.substring(0, newline).trim();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("serve printed no URL");
    }

    private void record(CliHarness.Result result) {
        produced.add(result.out());
        produced.add(result.err());
    }

    private static String refusedEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "http://127.0.0.1:" + port + "/v1";
    }
}
