package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A runaway response body is cut off: the client neither buffers nor drains it. */
class ResponseSizeLimitTest {

    private static final long SERVER_LIMIT = 256L * 1024 * 1024;

    private HttpServer server;
    private final AtomicLong sent = new AtomicLong();

    @BeforeEach
    void startAServerWithAnEndlessBody() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (sent.get() < SERVER_LIMIT) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException clientWentAway) {
                // expected: the client hangs up once it has seen enough
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anEndlessBodyFailsFastWithoutBeingDrained() {
        // given
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/models");

        // when / then
        try (HttpClient5Transport transport =
                HttpClient5Transport.builder().withMaxResponseBytes(100_000).build()) {
            assertThatThrownBy(() -> transport.execute(TransportRequest.get(uri)))
                    .isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("exceeds the maximum of 100000 bytes");
        }
        assertThat(sent.get()).isLessThan(SERVER_LIMIT / 4);
    }
}
