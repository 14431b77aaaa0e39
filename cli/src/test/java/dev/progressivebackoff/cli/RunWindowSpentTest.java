package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.testsupport.RedisTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 saying the request window is spent for a day does not stall the run: the next sample fails at once with
 * "rate limited until T", nothing sent for it (issue 15).
 */
@Timeout(60)
class RunWindowSpentTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-window-spent-0123456789");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aWindowSpentForADayFailsTheNextSampleAtOnceWithTheResetTime() throws IOException {
        runAgainstAWindowSpentForADay();
    }

    @Test
    void throughRedisToo() throws IOException {
        // the pacer kept in Redis holds the spent window for every process, and refuses as the local one does
        CliHarness.Result result =
                runAgainstAWindowSpentForADay("--redis", RedisTestServer.uri().toString());

        assertThat(result.err()).contains("Pacing shared through Redis at redis://");
    }

    /** Runs two samples against a server whose answers say the window is spent for a day; checks both files. */
    private CliHarness.Result runAgainstAWindowSpentForADay(String... extra) throws IOException {
        // given a server whose every answer says no request remains until tomorrow
        Files.write(
                dir.resolve("in.jsonl"),
                List.of("{\"id\":\"first\",\"prompt\":\"Hi\"}", "{\"id\":\"second\",\"prompt\":\"Hi\"}"));
        Instant before = Instant.now();
        CliHarness.Result result;
        try (LoopbackServer server = LoopbackServer.start(exchange -> {
            exchange.getResponseHeaders().set("x-ratelimit-remaining-requests", "0");
            exchange.getResponseHeaders().set("x-ratelimit-reset-requests", "86400s");
            LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("hello"));
        })) {

            // when both samples run, one at a time, paced
            List<String> args = new ArrayList<>(List.of(
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
            result = new CliHarness(ENV, dir).run(args.toArray(String[]::new));

            // then the first is answered and the second fails without being sent (the hold's log line goes to the
            // client's SLF4J log, checked by TeacherClientWindowHoldTest)
            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(server.requests()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .hasSize(1)
                .first()
                .asString()
                .contains("first");
        List<String> failures = Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"));
        assertThat(failures).hasSize(1);
        JsonNode failure = json.readTree(failures.get(0));
        assertThat(failure.get("id").asText()).isEqualTo("second");
        assertThat(failure.get("status").isNull()).isTrue();
        assertThat(failure.get("attempts").asInt()).isZero();
        String error = failure.get("error").asText();
        assertThat(error).startsWith("rate limited until ").contains("x-ratelimit-reset-requests");
        Instant until = Instant.parse(error.substring("rate limited until ".length(), error.indexOf(' ', 19)));
        // the pacer holds a reset plus its margin (1 ms + 0.5 %: 432 s of a day), counted from the send
        assertThat(until)
                .isBetween(before.plusSeconds(86_400 - 5), Instant.now().plusSeconds(86_400 + 432 + 5));
        return result;
    }
}
