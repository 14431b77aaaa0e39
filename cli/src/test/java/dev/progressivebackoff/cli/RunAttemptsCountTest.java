package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample's {@code attempts} counts the HTTP requests sent for it, transport retries included: a 500 retried
 * five times is six requests, not one rate-limit attempt (issue 15).
 */
@Timeout(60)
class RunAttemptsCountTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-attempts-count-0123456789");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aFiveHundredRetriedUntilTheTransportGivesUpRecordsEverySentRequest() throws IOException {
        // given a server that answers 500 to everything
        try (LoopbackServer server = LoopbackServer.start(
                exchange -> LoopbackServer.send(exchange, 500, "application/json", "{\"error\":\"down\"}"))) {

            // when one sample runs with 5 transport retries (no backoff time)
            CliHarness.Result result = run(server);

            // then the failure line counts the six requests the server received
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(server.requests()).isEqualTo(6);
        }
        JsonNode failure = onlyLine(dir.resolve("out.jsonl.failed.jsonl"));
        assertThat(failure.get("status").asInt()).isEqualTo(500);
        assertThat(failure.get("attempts").asInt()).isEqualTo(6);
    }

    @Test
    void twoFiveHundredsThenAnAnswerRecordThreeRequests() throws IOException {
        // given a server that answers 500 twice, then a completion
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackServer server = LoopbackServer.start(exchange -> {
            if (calls.incrementAndGet() <= 2) {
                LoopbackServer.send(exchange, 500, "application/json", "{\"error\":\"down\"}");
            } else {
                LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("hello"));
            }
        })) {

            // when
            CliHarness.Result result = run(server);

            // then the result line counts the three requests
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(server.requests()).isEqualTo(3);
        }
        JsonNode done = onlyLine(dir.resolve("out.jsonl"));
        assertThat(done.get("content").asText()).isEqualTo("hello");
        assertThat(done.get("attempts").asInt()).isEqualTo(3);
    }

    private CliHarness.Result run(LoopbackServer server) throws IOException {
        Files.write(dir.resolve("in.jsonl"), List.of("{\"id\":\"only\",\"prompt\":\"Hi\"}"));
        return new CliHarness(ENV, dir)
                .run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        server.endpoint(),
                        "--tier",
                        "tier1",
                        "--skip-health-check",
                        "--no-pace",
                        "--max-retries",
                        "5",
                        "--retry-backoff-factor",
                        "0");
    }

    private JsonNode onlyLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        return json.readTree(lines.get(0));
    }
}
