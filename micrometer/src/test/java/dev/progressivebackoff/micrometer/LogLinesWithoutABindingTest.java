package dev.progressivebackoff.micrometer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.testsupport.FakeClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * A library user without an SLF4J binding (this module's tests have none) still gets the client's retry lines
 * through {@code onLogLine}, redacted, as the README's "Logging" note says.
 */
@WireMockTest
class LogLinesWithoutABindingTest {

    @Test
    void onLogLineReceivesTheRetryLinesThatSlf4jDrops(WireMockRuntimeInfo wm) {
        // given: no binding; a 503, a 429 asking for 1 s, then the completion
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(NOPLoggerFactory.class);
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2"))
                .willSetStateTo("429"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("429")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("ok")
                .willReturn(okJson("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hello!\"}}]}")));
        List<String> lines = new CopyOnWriteArrayList<>();
        FakeClock clock = FakeClock.advancingOnSleep();

        // when
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey("sk-log-secret")
                .withTier("tier1")
                .withTimeSource(clock)
                .withSleeper(clock)
                .onLogLine(lines::add)
                .build()) {
            client.chat("Hi");
        }

        // then
        assertThat(lines)
                .anyMatch(line -> line.startsWith("[TeacherClient] Server error (HTTP 503), waiting 2.0s"))
                .anyMatch(line -> line.startsWith("[TeacherClient] Rate limited (429), waiting 1.0s before retry 1/6"))
                .anyMatch(line -> line.startsWith("[TeacherClient] Succeeded after 2 attempts"))
                .noneMatch(line -> line.contains("sk-log-secret"));
    }
}
