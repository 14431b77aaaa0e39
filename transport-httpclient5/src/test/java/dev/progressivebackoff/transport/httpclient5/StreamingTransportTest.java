package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.progressivebackoff.testsupport.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpClient5Transport#stream}: a 2xx body read as it arrives, retries only before it, errors buffered. */
class StreamingTransportTest {

    private static final byte[] FIRST = "data: first\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "data: second\n\n".getBytes(StandardCharsets.UTF_8);

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    /** Released by the test once it has read the first chunk: the server sends the rest only then. */
    private final CountDownLatch firstChunkRead = new CountDownLatch(1);
    /** Statuses the server answers before its streamed 200, one per request. */
    private final Deque<Integer> errorsFirst = new ArrayDeque<>();

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        firstChunkRead.countDown();
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", this::answer);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        Integer error;
        synchronized (errorsFirst) {
            error = errorsFirst.poll();
        }
        if (error != null) {
            byte[] body = "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_reached_error\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Retry-After", "2");
            exchange.sendResponseHeaders(error, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(FIRST);
            out.flush();
            awaitQuietly(firstChunkRead);
            out.write(SECOND);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private static TransportRequest request(URI uri) {
        return TransportRequest.postJson(uri, "{\"stream\":true}".getBytes(StandardCharsets.UTF_8));
    }

    private HttpClient5Transport transport() {
        return HttpClient5Transport.builder()
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }

    @Test
    void theFirstChunkIsReadableBeforeTheServerHasFinished() throws Exception {
        // given: a server that sends its second chunk only once the client has read the first
        URI uri = start();
        try (HttpClient5Transport transport = transport();
                StreamedResponse response = transport.stream(request(uri))) {
            // when
            byte[] first = response.body().readNBytes(FIRST.length);
            firstChunkRead.countDown();
            byte[] rest = response.body().readAllBytes();

            // then
            assertThat(response.isSuccess()).isTrue();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().first("Content-Type")).contains("text/event-stream");
            assertThat(first).isEqualTo(FIRST);
            assertThat(rest).isEqualTo(SECOND);
            assertThat(response.attempts()).isEqualTo(1);
        }
    }

    @Test
    void a5xxBeforeTheStreamIsRetriedAndEveryAttemptRunsOnSend() throws Exception {
        // given
        URI uri = start();
        errorsFirst.add(503);
        firstChunkRead.countDown();
        AtomicInteger sends = new AtomicInteger();

        // when
        try (HttpClient5Transport transport = transport();
                StreamedResponse response = transport.stream(request(uri), sends::incrementAndGet)) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);

            // then: the 503 waited out on the fake clock (its Retry-After), the stream read from the second attempt
            assertThat(body).isEqualTo("data: first\n\ndata: second\n\n");
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(response.waited()).isEqualTo(Duration.ofSeconds(2));
            assertThat(sends).hasValue(2);
            assertThat(requests).hasValue(2);
        }
    }

    @Test
    void a429ComesBackBufferedWithItsSignalsAfterOneRequest() throws Exception {
        // given
        URI uri = start();
        errorsFirst.add(429);

        // when
        try (HttpClient5Transport transport = transport();
                StreamedResponse response = transport.stream(request(uri))) {
            // then
            assertThat(response.isSuccess()).isFalse();
            TransportResponse buffered = response.buffered();
            assertThat(buffered.status()).isEqualTo(429);
            assertThat(buffered.headers().first("Retry-After")).contains("2");
            assertThat(buffered.bodyText()).contains("rate_limit_reached_error");
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(buffered.bodyText());
            assertThat(requests).hasValue(1);
        }
    }

    @Test
    void theBodyOfA2xxIsNotBuffered() throws Exception {
        // given
        URI uri = start();
        try (HttpClient5Transport transport = transport();
                StreamedResponse response = transport.stream(request(uri))) {
            // then
            assertThatThrownBy(response::buffered).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingBeforeTheEndCutsTheConnectionInsteadOfDrainingIt() throws Exception {
        // given: a server still holding back its second chunk
        URI uri = start();
        try (HttpClient5Transport transport = transport()) {
            StreamedResponse response = transport.stream(request(uri));
            assertThat(response.body().readNBytes(FIRST.length)).isEqualTo(FIRST);

            // when: closed while the server has not finished (draining would block until it does)
            InputStream body = response.body();
            body.close();
            response.close();

            // then: the connection is not back in the pool, and reading the closed body fails
            assertThat(transport.poolStats().leased()).isZero();
            assertThat(transport.poolStats().available()).isZero();
            assertThatThrownBy(body::read).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBodyReadToItsEndReturnsTheConnectionToThePool() throws Exception {
        // given
        URI uri = start();
        firstChunkRead.countDown();
        try (HttpClient5Transport transport = transport()) {
            // when
            try (StreamedResponse response = transport.stream(request(uri))) {
                response.body().readAllBytes();
            }

            // then
            assertThat(transport.poolStats().leased()).isZero();
            assertThat(transport.poolStats().available()).isEqualTo(1);
        }
    }
}
