package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Any HTTP exchange through the client gets a chat call's treatment: headers, pacer, 429 loop, transport. */
@WireMockTest
class TeacherClientExchangeTest {

    private static final String KEY = TeacherClientTest.KEY;

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private TeacherClientBuilder client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTier("tier1")
                .withTimeSource(clock)
                .withSleeper(clock);
    }

    @Test
    void aPutIsAuthorizedPacedAndWaitsOutA429(WireMockRuntimeInfo wm) {
        // given one 429, then success
        stubFor(put("/v1/items/7")
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(put("/v1/items/7").inScenario("once").whenScenarioStateIs("ok").willReturn(okJson("{\"id\":7}")));

        // when
        TransportResponse response;
        try (TeacherClient client = client(wm).withHeader("X-Team", "search").build()) {
            response = client.exchange(TransportRequest.of("PUT", client.uri("items/7"))
                    .withJsonBody("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        }

        // then the documented tier1 wait came first, and both attempts carried the key and the default header
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"id\":7}");
        assertThat(clock.sleeps()).first().isEqualTo(Duration.ofMillis(300));
        verify(
                exactly(2),
                putRequestedFor(urlEqualTo("/v1/items/7"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY))
                        .withHeader("X-Team", equalTo("search"))
                        .withRequestBody(equalTo("{\"name\":\"x\"}")));
    }

    @Test
    void aStatusOtherThan429EndsTheExchangeWithTheServersMessage(WireMockRuntimeInfo wm) {
        stubFor(get("/v1/items/8")
                .willReturn(aResponse().withStatus(404).withBody("{\"error\":{\"message\":\"no such item\"}}")));

        NotRetryableException failure;
        try (TeacherClient client = client(wm).build()) {
            failure = catchThrowableOfType(
                    NotRetryableException.class,
                    () -> client.exchange(TransportRequest.of("GET", client.uri("items/8"))));
        }

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure).hasMessageContaining("no such item");
    }

    @Test
    void aGivenTransportIsUsedAndLeftOpenForItsOwner(WireMockRuntimeInfo wm) throws InterruptedException {
        stubFor(get("/v1/ping").willReturn(okJson("{}")));
        URI ping = URI.create(wm.getHttpBaseUrl() + "/v1/ping");
        try (HttpClient5Transport shared = HttpClient5Transport.builder().build()) {
            try (TeacherClient client = client(wm).withTransport(shared).build()) {
                assertThat(client.exchange(TransportRequest.of("GET", ping)).status())
                        .isEqualTo(200);
            }

            // the client is closed, the transport it was given still sends
            assertThat(shared.execute(TransportRequest.get(ping)).status()).isEqualTo(200);
        }
    }
}
