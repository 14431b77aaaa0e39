package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.HostileServer;
import dev.progressivebackoff.testsupport.HostileServer.Behaviour;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport against servers that misbehave on purpose (issue 15): every attempt ends within its bounds,
 * memory stays bounded, and failures that cannot recover are not retried. Transport waits are virtual.
 */
@Timeout(30)
class HostileServerTransportTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private HttpClient5Transport transport(int retries, Duration deadline) {
        return HttpClient5Transport.builder()
                .withMaxTransportRetries(retries)
                .withRequestDeadline(deadline)
                .withResponseTimeout(Duration.ofSeconds(5))
                .withMaxResponseBytes(1024 * 1024)
                .withSleeper(clock)
                .withTimeSource(clock)
                .build();
    }

    private static TransportRequest post(HostileServer server) {
        return TransportRequest.postJson(
                URI.create(server.baseUri() + "/chat/completions"), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyDribbledForeverEndsAtTheRequestDeadlineThoughNeverIdle() throws IOException {
        // issue 15 item 11: the response timeout alone never fires on one byte every 100 ms
        try (HostileServer server = HostileServer.start(Behaviour.DRIBBLED_BODY);
                HttpClient5Transport transport = transport(1, Duration.ofMillis(600))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> transport.execute(post(server)))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("request deadline of 0.6s")
                    .hasMessageContaining("after 2 attempt(s)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void slowlorisHeadersEndAtTheRequestDeadline() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.SLOWLORIS_HEADERS);
                HttpClient5Transport transport = transport(0, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> transport.execute(post(server)))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("request deadline");
        }
    }

    @Test
    void aServerThatNeverAnswersEndsAtTheDeadline() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.NEVER_ANSWERS);
                HttpClient5Transport transport = transport(0, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> transport.execute(post(server)))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("request deadline");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void anEndlessChunkedBodyAndAGzipBombStopAtTheBodyCap() throws IOException {
        for (Behaviour behaviour : new Behaviour[] {Behaviour.ENDLESS_CHUNKED_BODY, Behaviour.GZIP_BOMB}) {
            try (HostileServer server = HostileServer.start(behaviour);
                    HttpClient5Transport transport = transport(3, Duration.ofSeconds(20))) {
                assertThatThrownBy(() -> transport.execute(post(server)))
                        .as(behaviour.name())
                        .isInstanceOf(ResponseTooLargeException.class);
                assertThat(server.requests()).as(behaviour.name()).isEqualTo(1);
            }
        }
    }

    @Test
    void aLyingContentLengthAndAResetAfterTheHeadersAreIoFailuresRetriedThenReported() throws IOException {
        for (Behaviour behaviour : new Behaviour[] {Behaviour.LYING_CONTENT_LENGTH, Behaviour.RESET_AFTER_HEADERS}) {
            try (HostileServer server = HostileServer.start(behaviour);
                    HttpClient5Transport transport = transport(2, Duration.ofSeconds(20))) {
                assertThatThrownBy(() -> transport.execute(post(server)))
                        .as(behaviour.name())
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("after 3 attempt(s)");
                assertThat(server.requests()).as(behaviour.name()).isEqualTo(3);
            }
        }
    }

    @Test
    void aRedirectIsReturnedAsItIsAndNeverFollowedWithTheKey() throws Exception {
        try (HostileServer server = HostileServer.start(Behaviour.REDIRECT);
                HttpClient5Transport transport = transport(2, Duration.ofSeconds(20))) {
            TransportResponse response = transport.execute(post(server).withBearerToken(ApiKey.of("sk-redirect-0123")));

            assertThat(response.status()).isEqualTo(307);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownHostIsNotRetried() {
        // issue 15 item 12: retrying cannot make the name resolve
        try (HttpClient5Transport transport = transport(5, Duration.ofSeconds(20))) {
            TransportRequest request = TransportRequest.get(URI.create("https://no-such-host.invalid/v1/models"));

            assertThatThrownBy(() -> transport.execute(request))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("not retried")
                    .satisfies(failure -> assertThat(((TransportException) failure).attempts())
                            .isEqualTo(1));
            assertThat(clock.sleepers()).isZero();
        }
    }

    @Test
    void aConnectionRefusedOnLoopbackIsStillRetried() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpClient5Transport transport = transport(2, Duration.ofSeconds(20))) {
            TransportRequest request = TransportRequest.get(URI.create("http://127.0.0.1:" + closedPort + "/v1"));

            assertThatThrownBy(() -> transport.execute(request))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("after 3 attempt(s)");
        }
    }
}
