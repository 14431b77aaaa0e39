package dev.progressivebackoff.transport.httpclient5;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;

@WireMockTest
class HttpClient5TransportTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private HttpClient5Transport transport(HttpClient5TransportBuilder builder) {
        return builder.withTimeSource(clock).withSleeper(clock).build();
    }

    private static URI uri(WireMockRuntimeInfo wm, String path) {
        return URI.create(wm.getHttpBaseUrl() + path);
    }

    @Test
    void httpClientDefaultRetryStrategyRetriesA429SoOne429CostsTwoRequests(WireMockRuntimeInfo wm) throws Exception {
        // given: the original Python client's bug in Java form. DefaultHttpRequestRetryStrategy (what
        // HttpClients.custom() uses
        // unless retries are disabled) retries 429 and 503; only its fallback interval is zeroed here so the
        // test does not wait, while Retry-After: 0 is what the server says.
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
        try (CloseableHttpClient raw = HttpClients.custom()
                .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ZERO_MILLISECONDS))
                .build()) {
            // when
            int status = raw.execute(new HttpGet(uri(wm, "/v1/models")), response -> response.getCode());

            // then: the client swallowed one 429 on its own before the caller saw anything
            assertThat(status).isEqualTo(429);
            verify(exactly(2), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void ourTransportSendsExactlyOneRequestForA429(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder())) {
            // when
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.attempts()).isEqualTo(1);
            verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
            assertThat(clock.sleeps()).isEmpty();
        }
    }

    @Test
    void never429InTheRetryListEvenWhenConfiguredAndWarnsOnce(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(429)));
        LogCapture log = LogCapture.start();

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withRetryStatusCodes(List.of(429, 503)))) {
            TransportResponse first = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));
            TransportResponse second = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(transport.retryStatuses()).containsExactly(503);
            assertThat(first.attempts()).isEqualTo(1);
            assertThat(second.attempts()).isEqualTo(1);
            verify(exactly(2), getRequestedFor(urlEqualTo("/v1/models")));
            assertThat(log.lines())
                    .filteredOn(line -> line.contains("Ignoring 429 in retryStatusCodes"))
                    .hasSize(1);
        }
    }

    @Test
    void retries503TwiceWaitingTwoThenFourSecondsOnTheInjectedSleeper(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubSequence(
                "/v1/models",
                aResponse().withStatus(503),
                aResponse().withStatus(503),
                aResponse().withStatus(200).withBody("{}"));
        List<TransportRetryEvent> retries = new ArrayList<>();

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().onRetry(retries::add))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.attempts()).isEqualTo(3);
            assertThat(response.waited()).isEqualTo(Duration.ofSeconds(6));
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(retries).extracting(TransportRetryEvent::retry).containsExactly(1, 2);
            assertThat(retries).extracting(TransportRetryEvent::cause).containsExactly("HTTP 503", "HTTP 503");
            assertThat(retries)
                    .extracting(TransportRetryEvent::source)
                    .containsExactly(WaitSource.TRANSPORT_BACKOFF, WaitSource.TRANSPORT_BACKOFF);
            verify(exactly(3), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void everyRetryListenerIsToldAndOneThatThrowsChangesNothing(WireMockRuntimeInfo wm) throws Exception {
        // given: a listener that throws between two that record
        stubSequence(
                "/v1/models",
                aResponse().withStatus(503),
                aResponse().withStatus(200).withBody("{}"));
        List<Integer> first = new ArrayList<>();
        List<Integer> last = new ArrayList<>();
        LogCapture log = LogCapture.start();

        // when
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder()
                .onRetry(event -> first.add(event.retry()))
                .onRetry(new ThrowingListener())
                .onRetry(event -> last.add(event.retry())))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(200);
            assertThat(first).containsExactly(1);
            assertThat(last).containsExactly(1);
            assertThat(log.lines())
                    .anyMatch(line -> line.contains("WARN") && line.contains(ThrowingListener.class.getName()));
        }
    }

    /** A listener whose class name the warning must carry. */
    private static final class ThrowingListener implements TransportRetryListener {
        @Override
        public void onRetry(TransportRetryEvent event) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void transportWaitsAreVirtualSoLongSchedulesReplayWithoutRealWaiting(WireMockRuntimeInfo wm) throws Exception {
        // given: factor 60 → 60 s, 120 s (capped), 120 s, 120 s, 120 s of waiting if it were real
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(502)));
        long startedNanos = System.nanoTime();

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withTransportBaseDelay(Duration.ofSeconds(60)))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.attempts()).isEqualTo(6);
            assertThat(clock.sleeps())
                    .containsExactly(
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(120));
            assertThat(Duration.ofNanos(System.nanoTime() - startedNanos)).isLessThan(Duration.ofSeconds(60));
            verify(exactly(6), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void retriesAConnectionResetAndReturnsTheSuccessThatFollows(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubSequence(
                "/v1/models",
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withStatus(200).withBody("{\"data\":[]}"));
        List<TransportRetryEvent> retries = new ArrayList<>();

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().onRetry(retries::add))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("{\"data\":[]}");
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(retries).singleElement().satisfies(event -> {
                assertThat(event.status()).isEmpty();
                assertThat(event.delay()).isEqualTo(Duration.ofSeconds(2));
                assertThat(event.source()).isEqualTo(WaitSource.TRANSPORT_BACKOFF);
            });
            verify(exactly(2), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void persistentIoFailuresEndInATransportExceptionAfterEveryRetry(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        // when / then
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withMaxTransportRetries(2))) {
            assertThatThrownBy(() -> transport.execute(TransportRequest.get(uri(wm, "/v1/models"))))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("failed after 3 attempt(s)")
                    .satisfies(
                            e -> assertThat(((TransportException) e).attempts()).isEqualTo(3));
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
            verify(exactly(3), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void returnsTheLast5xxWhenTransportRetriesRunOut(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(500).withBody("boom")));

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withMaxTransportRetries(1))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(response.bodyText()).isEqualTo("boom");
            verify(exactly(2), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void doesNotRetryStatusesOutsideTheList(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(401)));

        // when
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder())) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(401);
            verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void aRetriedPostSendsIdenticalBodyBytes(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubSequence(
                "/v1/chat/completions",
                aResponse().withStatus(503),
                aResponse().withStatus(200).withBody("{}"));
        byte[] json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        // when
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder())) {
            transport.execute(TransportRequest.postJson(uri(wm, "/v1/chat/completions"), json));
        }

        // then
        List<LoggedRequest> sent = WireMock.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(sent).hasSize(2);
        assertThat(sent).allSatisfy(request -> {
            assertThat(request.getBody()).isEqualTo(json);
            assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        });
    }

    @Test
    void sendsTheBearerTokenOnlyAsAnAuthorizationHeader(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models")
                .withHeader("Authorization", equalTo("Bearer sk-test-123"))
                .willReturn(aResponse().withStatus(200)));
        TransportRequest request =
                TransportRequest.get(uri(wm, "/v1/models")).withBearerToken(ApiKey.of("sk-test-123"));

        // when
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder())) {
            TransportResponse response = transport.execute(request);

            // then
            assertThat(response.status()).isEqualTo(200);
            assertThat(request.toString()).doesNotContain("sk-test-123");
        }
    }

    @Test
    void failsClearlyWhenTheBodyExceedsTheMaximumSize(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("x".repeat(5_000))));

        // when / then
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withMaxResponseBytes(1_000))) {
            assertThatThrownBy(() -> transport.execute(TransportRequest.get(uri(wm, "/v1/models"))))
                    .isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("exceeds the maximum of 1000 bytes (maxResponseBytes)");
            verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
        }
    }

    @Test
    void readsABodyOfExactlyTheMaximumSize(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("y".repeat(1_000))));

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withMaxResponseBytes(1_000))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.body()).hasSize(1_000);
        }
    }

    @Test
    void honoursRetryAfterOn503InsteadOfTheComputedWait(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubSequence(
                "/v1/models",
                aResponse().withStatus(503).withHeader("Retry-After", "7"),
                aResponse().withStatus(200));
        List<TransportRetryEvent> retries = new ArrayList<>();

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().onRetry(retries::add))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(200);
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
            assertThat(retries)
                    .singleElement()
                    .extracting(TransportRetryEvent::fromRetryAfter)
                    .isEqualTo(true);
            assertThat(retries)
                    .singleElement()
                    .extracting(TransportRetryEvent::source)
                    .isEqualTo(WaitSource.RETRY_AFTER);
        }
    }

    @Test
    void namesTheHintItObeysOn503RetryAfterMsBeforeRetryAfterAndGooglesRetryInfo(WireMockRuntimeInfo wm)
            throws Exception {
        // given: retry-after-ms wins over Retry-After; a body with only RetryInfo is obeyed too
        String retryInfo = "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}";
        stubSequence(
                "/v1/models",
                aResponse().withStatus(503).withHeader("retry-after-ms", "250").withHeader("Retry-After", "9"),
                aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody(retryInfo),
                aResponse().withStatus(200));
        List<TransportRetryEvent> retries = new ArrayList<>();

        // when
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().onRetry(retries::add))) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then
            assertThat(response.status()).isEqualTo(200);
            assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(1500));
            assertThat(retries)
                    .extracting(TransportRetryEvent::source)
                    .containsExactly(WaitSource.RETRY_AFTER_MS, WaitSource.RETRY_INFO);
            assertThat(retries).extracting(TransportRetryEvent::fromRetryAfter).containsExactly(true, true);
        }
    }

    @Test
    void aRetryAfterLongerThanTheMaximumServerWaitEndsTransportRetries(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));

        // when
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder())) {
            TransportResponse response = transport.execute(TransportRequest.get(uri(wm, "/v1/models")));

            // then: never earlier than asked, and not an hour's sleep either
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.attempts()).isEqualTo(1);
            assertThat(clock.sleeps()).isEmpty();
        }
    }

    @Test
    void exposesTheConfiguredRetryStatuses() {
        try (HttpClient5Transport transport =
                transport(HttpClient5Transport.builder().withRetryStatusCodes(Set.of(500, 504)))) {
            assertThat(transport.retryStatuses()).containsExactlyInAnyOrder(500, 504);
            assertThat(transport.maxRetries()).isEqualTo(5);
        }
    }

    static void stubSequence(String path, ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "step-" + (i + 1);
            stubFor(WireMock.any(urlEqualTo(path))
                    .inScenario(path)
                    .whenScenarioStateIs(state)
                    .willReturn(responses[i])
                    .willSetStateTo(next));
            state = next;
        }
    }
}
