package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

    @Test
    void servesTheSimulatedProviderUntilStoppedAndPrintsItsBaseUrl() throws Exception {
        // given serve running in the background with a required key
        StopSignal stop = new StopSignal();
        PipedLines out = new PipedLines();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(
                out.stream(),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("SIM_KEY", "sk-serve-test"),
                Path.of("."),
                false,
                stop);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> main.run("serve", "--tier", "free", "--retry-after", "seconds", "--api-key-env", "SIM_KEY"));
        URI base = URI.create(out.awaitFirstLine());

        // when four requests arrive on the free tier (3 per minute) and one without the key
        HttpClient http = HttpClient.newHttpClient();
        int[] statuses = new int[4];
        for (int i = 0; i < 4; i++) {
            statuses[i] = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/models"))
                                    .header("Authorization", "Bearer sk-serve-test")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        }
        int unauthorized = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/models"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
        stop.trip();

        // then
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(base.toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(unauthorized).isEqualTo(401);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("3 RPM")
                .contains("Stopped after 5 requests")
                .doesNotContain("sk-serve-test");
    }

    @Test
    void rejectsAnUnknownTierWithExitTwo() {
        CliHarness.Result result = CliHarness.plain().run("serve", "--tier", "platinum");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--tier").contains("platinum").contains("demo");
    }

    @Test
    void rejectsAnErrorRateAboveOneNamingTheFlag() {
        CliHarness.Result result = CliHarness.plain().run("serve", "--error-rate", "1.5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--error-rate");
    }

    @Test
    void injectsTheFaultsGivenWithFault() throws Exception {
        // given serve with every completion answered by an HTML error page
        StopSignal stop = new StopSignal();
        PipedLines out = new PipedLines();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(
                out.stream(), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), Path.of("."), false, stop);
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> main.run("serve", "--tier", "tier5", "--fault", "html:1.0"));
        URI base = URI.create(out.awaitFirstLine());

        // when
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        stop.trip();

        // then
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(response.body()).contains("<h1>502 Bad Gateway</h1>");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("faults: html 1");
    }

    @Test
    void rejectsAnUnknownFaultOrABadRateNamingTheFlag() {
        CliHarness.Result unknown = CliHarness.plain().run("serve", "--fault", "gremlins:0.5");
        CliHarness.Result tooLikely = CliHarness.plain().run("serve", "--fault", "5xx:1.5");
        CliHarness.Result noRate = CliHarness.plain().run("serve", "--fault", "reset");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("--fault")
                .contains("unknown fault 'gremlins'")
                .contains("5xx, reset, slow, malformed-json, truncated-json, html, empty, huge");
        assertThat(tooLikely.exitCode()).isEqualTo(2);
        assertThat(tooLikely.err()).contains("--fault").contains("[0, 1]");
        assertThat(noRate.exitCode()).isEqualTo(2);
        assertThat(noRate.err()).contains("KIND:RATE");
    }

    /** A PrintStream whose first line can be awaited. */
    private static final class PipedLines {
        private final CompletableFuture<String> firstLine = new CompletableFuture<>();
        private final StringBuilder buffer = new StringBuilder();

        PrintStream stream() {
            return new PrintStream(
                    new java.io.OutputStream() {
                        @Override
                        public synchronized void write(int b) {
                            if (b == '\n') {
                                firstLine.complete(buffer.toString());
                            } else {
                                buffer.append((char) b);
                            }
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
        }

        String awaitFirstLine() throws Exception {
            return firstLine.get(10, TimeUnit.SECONDS);
        }
    }
}
