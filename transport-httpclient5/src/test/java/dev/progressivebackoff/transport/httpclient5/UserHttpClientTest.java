package dev.progressivebackoff.transport.httpclient5;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.testsupport.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.Test;

/** A transport on a client the user built: requests go through it, the transport's retry rules still apply. */
@WireMockTest
class UserHttpClientTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final List<String> intercepted = new CopyOnWriteArrayList<>();

    private CloseableHttpClient userClient(PoolingHttpClientConnectionManager pool) {
        return HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .addRequestInterceptorFirst(
                        (request, entity, context) -> intercepted.add(request.getMethod() + " " + request.getPath()))
                .setUserAgent("users-own-agent")
                .build();
    }

    @Test
    void sendsThroughTheUsersClientWithTheTransportsRetriesOnTopAndLeavesItOpen(WireMockRuntimeInfo wm)
            throws Exception {
        // given: a 503 then a 200; the user's client with an interceptor and its own user agent
        stubFor(get("/v1/models")
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("ok"));
        stubFor(get("/v1/models").inScenario("s").whenScenarioStateIs("ok").willReturn(ok("{}")));
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(3)
                .build();
        AtomicInteger onSend = new AtomicInteger();

        try (CloseableHttpClient client = userClient(pool)) {
            TransportResponse response;
            PoolStats stats;
            try (HttpClient5Transport transport = HttpClient5Transport.builder()
                    .withHttpClient(client, pool)
                    .withTransportBaseDelay(Duration.ofSeconds(1))
                    .withTimeSource(clock)
                    .withSleeper(clock)
                    .build()) {
                // when
                response = transport.execute(
                        TransportRequest.get(URI.create(wm.getHttpBaseUrl() + "/v1/models")), onSend::incrementAndGet);
                stats = transport.poolStats();
            }

            // then: both attempts went through the user's client, the 503 retried by the transport after 1 s
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(intercepted).containsExactly("GET /v1/models", "GET /v1/models");
            assertThat(onSend).hasValue(2);
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
            assertThat(stats.max()).isEqualTo(3);
            verify(2, getRequestedFor(urlEqualTo("/v1/models")).withHeader("User-Agent", equalTo("users-own-agent")));
            // and the user's client is still open after the transport closed
            client.execute(new HttpGet(wm.getHttpBaseUrl() + "/v1/models"), answer -> answer.getCode());
            assertThat(intercepted).hasSize(3);
        }
    }

    @Test
    void aUsersClientGivenWithoutItsPoolReportsAnEmptyPool() throws Exception {
        try (CloseableHttpClient client = userClient(
                        PoolingHttpClientConnectionManagerBuilder.create().build());
                HttpClient5Transport transport =
                        HttpClient5Transport.builder().withHttpClient(client).build()) {
            assertThat(transport.poolStats()).isEqualTo(new PoolStats(0, 0, 0, 0));
        }
    }
}
