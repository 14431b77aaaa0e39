package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server asking for an absurd wait is not obeyed: the sample fails at once with "rate limited until T"
 * (after exactly one request), instead of a thread sleeping for a day or a century.
 */
@Timeout(60)
class AbsurdWaitTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-absurd-wait-0123456789");
    private static final Pattern UNTIL = Pattern.compile("rate limited until (\\S+) \\((.+)\\)");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void retryAfterOfADayFailsTheSampleWithTheTimeTheServerNamed() throws IOException {
        Instant before = Instant.now();

        JsonNode failure = runAgainst("Retry-After", "86400");

        Instant until = until(failure);
        assertThat(until)
                .isBetween(before.plusSeconds(86_400 - 2), Instant.now().plusSeconds(86_400 + 2));
        assertThat(failure.get("error").asText())
                .contains("retry-after asked for 86400.0s, more than the maximum " + "server wait of 900.0s");
    }

    @Test
    void anHttpDateYearsAheadFailsTheSampleWithThatDate() throws IOException {
        JsonNode failure = runAgainst("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT");

        assertThat(until(failure))
                .isBetween(Instant.parse("2099-12-31T23:59:50Z"), Instant.parse("2100-01-01T00:00:10Z"));
    }

    @Test
    void aNumberTooLargeForAnyClockFailsTheSampleAtACenturyRatherThanOverflowing() throws IOException {
        Instant before = Instant.now();

        JsonNode failure = runAgainst("Retry-After", "999999999999999999999999999999");

        assertThat(until(failure)).isAfter(before.plus(Duration.ofDays(36_000)));
    }

    @Test
    void anOverflowingRetryAfterMsIsCappedTheSameWay() throws IOException {
        Instant before = Instant.now();

        JsonNode failure = runAgainst("retry-after-ms", "18446744073709551616000");

        assertThat(until(failure)).isAfter(before.plus(Duration.ofDays(36_000)));
        assertThat(failure.get("error").asText()).contains("retry-after-ms asked for");
    }

    private JsonNode runAgainst(String header, String value) throws IOException {
        Files.write(dir.resolve("in.jsonl"), List.of("{\"id\":\"only\",\"prompt\":\"Hi\"}"));
        try (LoopbackServer server = LoopbackServer.start(exchange -> {
            exchange.getResponseHeaders().set(header, value);
            LoopbackServer.send(
                    exchange,
                    429,
                    "application/json",
                    "{\"error\":{\"message\":\"Too many requests\",\"type\":\"rate_limit_reached_error\"}}");
        })) {
            CliHarness.Result result = new CliHarness(ENV, dir)
                    .run(
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
                            "--no-pace");

            assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
            assertThat(server.requests()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEmpty();
        List<JsonNode> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out.jsonl.failed.jsonl"))) {
            failures.add(json.readTree(line));
        }
        assertThat(failures).hasSize(1);
        JsonNode failure = failures.get(0);
        assertThat(failure.get("id").asText()).isEqualTo("only");
        assertThat(failure.get("status").asInt()).isEqualTo(429);
        assertThat(failure.get("attempts").asInt()).isEqualTo(1);
        return failure;
    }

    private static Instant until(JsonNode failure) {
        Matcher matcher = UNTIL.matcher(failure.get("error").asText());
        assertThat(matcher.find()).as(failure.get("error").asText()).isTrue();
        return Instant.parse(matcher.group(1));
    }
}
