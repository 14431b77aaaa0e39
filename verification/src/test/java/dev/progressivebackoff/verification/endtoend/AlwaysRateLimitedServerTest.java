package dev.progressivebackoff.verification.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.verification.SimulatedClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The always-429 server over raw sockets: each answer arrives whole in the client's first read (one write,
 * so no wait on a delayed ACK between headers and body), connections are kept alive, request bodies of every
 * framing are skipped, and a whole replay through the real client is one connection.
 */
class AlwaysRateLimitedServerTest {

    private static final String BODY = "{\"error\":{\"message\":\"slow down\"}}";

    @Test
    void eachAnswerArrivesWholeInTheFirstRead() throws IOException {
        try (AlwaysRateLimitedServer server =
                        AlwaysRateLimitedServer.start(BODY, Map.of("x-ratelimit-limit-requests", "3"));
                Socket socket = connect(server)) {
            for (int i = 0; i < 3; i++) {
                send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");

                String answer = firstRead(socket);

                assertThat(answer)
                        .startsWith("HTTP/1.1 429 ")
                        .contains("\r\nx-ratelimit-limit-requests: 3\r\n")
                        .contains("\r\nContent-Type: application/json\r\n")
                        .contains("\r\nContent-Length: " + BODY.length() + "\r\n")
                        .endsWith("\r\n\r\n" + BODY);
            }
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.requests())
                    .containsExactly(
                            "POST /v1/chat/completions", "POST /v1/chat/completions", "POST /v1/chat/completions");
        }
    }

    @Test
    void skipsChunkedBodiesAndAnswersExpectContinue() throws IOException {
        try (AlwaysRateLimitedServer server = AlwaysRateLimitedServer.start();
                Socket socket = connect(server)) {
            send(socket, "POST /a?x=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext\r\nabc\r\n0\r\n\r\n");
            assertThat(firstRead(socket)).startsWith("HTTP/1.1 429 ").endsWith(AlwaysRateLimitedServer.DEFAULT_BODY);

            send(socket, "POST /b HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertThat(firstRead(socket)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(socket, "body");
            assertThat(firstRead(socket)).startsWith("HTTP/1.1 429 ");

            assertThat(server.requests()).containsExactly("POST /a", "POST /b");
        }
    }

    @Test
    void closesTheConnectionWhenTheClientAsks() throws IOException {
        try (AlwaysRateLimitedServer server = AlwaysRateLimitedServer.start();
                Socket socket = connect(server)) {
            send(socket, "GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n");
            InputStream in = socket.getInputStream();

            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 429 ").endsWith(AlwaysRateLimitedServer.DEFAULT_BODY);
            assertThat(server.requests()).containsExactly("GET /v1/models");
        }
    }

    @Test
    void aWholeReplayThroughTheRealClientIsOneConnection() {
        SimulatedClock clock = new SimulatedClock();
        try (AlwaysRateLimitedServer server = AlwaysRateLimitedServer.start();
                TeacherClient client = TeacherClient.builder()
                        .withEndpoint(server.baseUrl() + "/v1")
                        .withTier("tier1")
                        .withApiKey("sk-test")
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .build()) {

            assertThatThrownBy(() -> client.chat(ChatRequest.ofUserMessage("hi")))
                    .isInstanceOf(ProgressiveBackoffException.class);

            assertThat(server.requestCount()).isEqualTo(7);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void refusesConnectionsOnceClosed() throws IOException {
        AlwaysRateLimitedServer server = AlwaysRateLimitedServer.start();
        server.close();

        Socket socket;
        try {
            socket = connect(server);
        } catch (IOException refused) {
            return; // the usual outcome: nothing listens on the port any more
        }
        // Rarely the connect succeeds all the same: the kernel picked the freed port as the source port (a TCP
        // self-connect) or another listener took it. Whatever answered, it must not be this server's 429.
        try (socket) {
            socket.setSoTimeout(2_000);
            send(socket, "GET /v1/models HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(firstReadOrEmpty(socket)).doesNotStartWith("HTTP/1.1 429");
        }
    }

    private static String firstReadOrEmpty(Socket socket) throws IOException {
        try {
            return firstRead(socket);
        } catch (SocketTimeoutException silent) {
            return "";
        }
    }

    private static Socket connect(AlwaysRateLimitedServer server) throws IOException {
        URI base = URI.create(server.baseUrl());
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** What one read returns: the whole answer only if it was written at once. */
    private static String firstRead(Socket socket) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int read = socket.getInputStream().read(buffer);
        return new String(Arrays.copyOf(buffer, Math.max(read, 0)), StandardCharsets.UTF_8);
    }
}
