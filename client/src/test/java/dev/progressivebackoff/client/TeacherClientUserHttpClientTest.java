package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;

/** A client on the user's own Apache client: every request goes through it, and a 429 is still waited out. */
@WireMockTest
class TeacherClientUserHttpClientTest {

    @Test
    void chatsThroughTheUsersClientAndWaitsOutA429AboveIt(WireMockRuntimeInfo wm) throws Exception {
        // given: a 429 asking for 2 s, then the completion
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(TeacherClientTest.COMPLETION)));
        List<String> seen = new CopyOnWriteArrayList<>();
        FakeClock clock = FakeClock.advancingOnSleep();

        try (CloseableHttpClient users = HttpClients.custom()
                .disableAutomaticRetries()
                .addRequestInterceptorFirst((request, entity, context) -> seen.add(request.getMethod() + " "
                        + request.getPath() + " auth=" + (request.getFirstHeader("Authorization") != null)))
                .build()) {
            ChatResponse response;
            // when
            try (TeacherClient client = TeacherClient.builder()
                    .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                    .withApiKey("sk-user-client")
                    .withTier("tier1")
                    .withHttpClient(users)
                    .withTimeSource(clock)
                    .withSleeper(clock)
                    .build()) {
                response = client.chat("Hi");
                assertThat(client.poolStats().max()).isZero();
            }

            // then
            assertThat(response.content()).isEqualTo("Hello!");
            assertThat(response.rateLimitRetries()).isEqualTo(1);
            assertThat(response.attempts()).isEqualTo(2);
            assertThat(seen)
                    .containsExactly("POST /v1/chat/completions auth=true", "POST /v1/chat/completions auth=true");
            assertThat(clock.sleeps()).contains(Duration.ofSeconds(2));
        }
    }
}
