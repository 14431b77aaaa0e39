package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate-limit loop is built once per client; each call still counts only its own retries and waits. */
@WireMockTest
class TeacherClientCallStatsTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final List<RetryEvent> events = new ArrayList<>();

    @Test
    void eachCallCountsItsOwnRateLimitRetriesOnTheSharedLoop(WireMockRuntimeInfo wm) {
        // given one 429, then successes
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        ChatResponse first;
        ChatResponse second;
        ChatResponse third;
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(TeacherClientTest.KEY)
                .withTier("tier1")
                .withPace(false)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(events::add)
                .build()) {
            first = client.chat("Hi");
            second = client.chat("Hi");
            third = client.chat("Hi");
        }

        // then the first waited out the 429 (0.3 s for tier1); the later ones start from zero
        assertThat(first.attempts()).isEqualTo(2);
        assertThat(first.rateLimitRetries()).isEqualTo(1);
        assertThat(first.waited()).isEqualTo(Duration.ofMillis(300));
        for (ChatResponse later : List.of(second, third)) {
            assertThat(later.attempts()).isEqualTo(1);
            assertThat(later.rateLimitRetries()).isZero();
            assertThat(later.waited()).isEqualTo(Duration.ZERO);
        }
        assertThat(events).filteredOn(RetryEvent.RateLimited.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(RetryEvent.Succeeded.class::isInstance).hasSize(3);
    }
}
