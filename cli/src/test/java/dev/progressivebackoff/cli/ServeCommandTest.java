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
        Main main = new Main(out.stream(), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("SIM_KEY", "sk-serve-test"), Path.of("."), false, stop);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> main.run("serve", "--tier", "free",
                "--retry-after", "seconds", "--api-key-env", "SIM_KEY"));
        URI base = URI.create(out.awaitFirstLine());

        // when four requests arrive on the free tier (3 per minute) and one without the key
        HttpClient http = HttpClient.newHttpClient();
        int[] statuses = new int[4];
        for (int i = 0; i < 4; i++) {
            statuses[i] = http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
                    .header("Authorization", "Bearer sk-serve-test").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        int unauthorized = http.send(HttpRequest.newBuilder(URI.create(base + "/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        stop.trip();

        // then
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(base.toString()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(unauthorized).isEqualTo(401);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("3 RPM").contains("Stopped after 5 requests")
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

    /** A PrintStream whose first line can be awaited. */
    private static final class PipedLines {
        private final CompletableFuture<String> firstLine = new CompletableFuture<>();
        private final StringBuilder buffer = new StringBuilder();

        PrintStream stream() {
            return new PrintStream(new java.io.OutputStream() {
                @Override
                public synchronized void write(int b) {
                    if (b == '\n') {
                        firstLine.complete(buffer.toString());
                    } else {
                        buffer.append((char) b);
                    }
                }
            }, true, StandardCharsets.UTF_8);
        }

        String awaitFirstLine() throws Exception {
            return firstLine.get(10, TimeUnit.SECONDS);
        }
    }
}
