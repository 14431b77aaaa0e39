package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider fixture (src/test/resources/provider-fixtures) goes through {@code backoff explain --format json}
 * and through a real client against a loopback server that answers with it: both must agree on the decision, the
 * wait (± 1 ms) and its source, and match what the fixture expects.
 */
class ProviderFixturesAgreementTest {

    private static final String DATE = "Wed, 01 Jan 2025 00:00:00 GMT";
    private static final String NOW = "2025-01-01T00:00:00Z";
    private static final String COMPLETION =
            "{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What one side decided for the first response. */
    record Outcome(String decision, Optional<Duration> delay, Optional<String> source) {}

    static Stream<Arguments> fixtures() throws IOException, URISyntaxException {
        Path folder = Path.of(ProviderFixturesAgreementTest.class
                .getResource("/provider-fixtures")
                .toURI());
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode fixture : JSON.readTree(file.toFile())) {
                    cases.add(Arguments.of(fixture.path("name").asText(), fixture));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void explainAndARealClientAgreeAndMatchTheFixture(String name, JsonNode fixture) throws Exception {
        assertThat(fixture.path("page").asText())
                .as("every fixture names its page")
                .isNotBlank();
        assertThat(fixture.path("provenance").asText())
                .as("every fixture says how much of it is the page's own text")
                .isNotBlank();

        Outcome explained = explain(fixture);
        Outcome client = client(fixture);

        JsonNode expect = fixture.path("expect");
        assertThat(explained.decision()).isEqualTo(expect.path("decision").asText());
        assertThat(explained.source()).isEqualTo(text(expect.path("source")));
        if (expect.path("wait_s").isNumber()) {
            assertThat(Seconds.of(explained.delay().orElseThrow()))
                    .isCloseTo(expect.path("wait_s").asDouble(), within(0.001));
        }
        if (expect.has("tier_auto")) {
            assertThat(explainJson(fixture, "auto").path("tier").asText())
                    .as("the tier explain --tier auto reads from the headers")
                    .isEqualTo(expect.path("tier_auto").asText());
        }
        assertThat(client.decision()).isEqualTo(explained.decision());
        assertThat(client.source()).isEqualTo(explained.source());
        assertThat(client.delay().isPresent()).isEqualTo(explained.delay().isPresent());
        if (client.delay().isPresent()) {
            assertThat(Seconds.of(client.delay().get()))
                    .isCloseTo(Seconds.of(explained.delay().get()), within(0.001));
        }
    }

    private Outcome explain(JsonNode fixture) throws IOException {
        JsonNode out = explainJson(fixture, "free");
        return new Outcome(
                out.path("decision").asText(),
                out.path("wait_s").isNumber()
                        ? Optional.of(Seconds.toDuration(out.path("wait_s").asDouble()))
                        : Optional.empty(),
                text(out.path("source")));
    }

    /** What {@code backoff explain --format json --tier TIER} prints for the fixture. */
    private JsonNode explainJson(JsonNode fixture, String tier) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "explain",
                "--format",
                "json",
                "--tier",
                tier,
                "--now",
                NOW,
                "--status",
                fixture.path("status").asText(),
                "-H",
                "Date: " + DATE));
        for (JsonNode header : fixture.path("headers")) {
            args.addAll(List.of("-H", header.asText()));
        }
        Optional<String> body = body(fixture);
        if (body.isPresent()) {
            Path file = Files.writeString(dir.resolve("body.json"), body.get());
            args.addAll(List.of("--body", "@" + file.toAbsolutePath()));
        }
        CliHarness.Result result = new CliHarness(Map.of(), dir).run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }

    /** The client's outcome: the 429 loop's event, or the transport's, each naming its wait's source. */
    private Outcome client(JsonNode fixture) throws IOException {
        FixtureServer server = answering(fixture);
        FakeClock clock = FakeClock.advancingOnSleep();
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        List<TransportRetryEvent> transport = new CopyOnWriteArrayList<>();
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint("http://127.0.0.1:" + server.port() + "/v1")
                .withApiKey("sk-fixture")
                .withTimeSource(clock)
                .withSleeper(clock)
                .withTier("free")
                .withSkipTierDetection(true)
                .withPacerRegistry(PacerRegistry.disabled())
                .onEvent(events::add)
                .onTransportRetry(transport::add)
                .build()) {
            client.chat("Hi");
        } catch (RateLimitedUntilException until) {
            return new Outcome("give_up", Optional.empty(), wire(until.source()));
        } catch (RuntimeException gaveUp) {
            assertThat(clock.sleeps()).as("a give-up never waits").isEmpty();
            return new Outcome("give_up", Optional.empty(), Optional.empty());
        } finally {
            server.close();
        }
        Optional<RetryEvent.RateLimited> limited = events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(RetryEvent.RateLimited.class::cast)
                .findFirst();
        if (limited.isPresent()) {
            return new Outcome(
                    "retry",
                    Optional.of(limited.get().delay()),
                    wire(limited.get().source()));
        }
        TransportRetryEvent retried = transport.get(0);
        return new Outcome("retry", Optional.of(retried.delay()), wire(retried.source()));
    }

    /**
     * A loopback server answering the fixture first and a completion after. A plain socket server, because the
     * JDK's HttpServer replaces the fixture's {@code Date} header with the real time.
     */
    private static FixtureServer answering(JsonNode fixture) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger calls = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    readRequest(connection.getInputStream());
                    boolean first = calls.getAndIncrement() == 0;
                    connection.getOutputStream().write(first ? response(fixture) : completion());
                } catch (IOException closed) {
                    // the test is over, or the client hung up: take the next connection, if any
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return new FixtureServer(socket);
    }

    /** The server's socket; closing it ends the accept loop. */
    private record FixtureServer(ServerSocket socket) implements AutoCloseable {
        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                return;
            }
            head.append((char) next);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    private static byte[] response(JsonNode fixture) {
        StringBuilder head =
                new StringBuilder("HTTP/1.1 " + fixture.path("status").asInt() + " Fixture\r\n");
        for (JsonNode header : fixture.path("headers")) {
            head.append(header.asText()).append("\r\n");
        }
        return withHead(head, body(fixture).orElse(""));
    }

    private static byte[] completion() {
        return withHead(new StringBuilder("HTTP/1.1 200 OK\r\n"), COMPLETION);
    }

    private static byte[] withHead(StringBuilder head, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head.append("Date: ").append(DATE).append("\r\n");
        head.append("Content-Type: application/json\r\nConnection: close\r\n");
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + bytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        return all;
    }

    private static Optional<String> body(JsonNode fixture) {
        JsonNode body = fixture.path("body");
        return body.isMissingNode() || body.isNull() ? Optional.empty() : Optional.of(body.toString());
    }

    private static Optional<String> text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    private static Optional<String> wire(WaitSource source) {
        return source == WaitSource.NONE ? Optional.empty() : Optional.of(source.wireName());
    }
}
