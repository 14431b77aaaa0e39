package dev.progressivebackoff.verification.endtoend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import dev.progressivebackoff.verification.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real client and transport against WireMock, with every wait on the simulated clock. */
@WireMockTest
class TeacherClientEndToEndTest {

    private static final String COMPLETION = "{\"model\":\"moonshot-v1-8k\",\"choices\":[{\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    private static final String RATE_LIMITED =
            "{\"error\":{\"message\":\"Rate limit reached\"," + "\"type\":\"rate_limit_reached_error\"}}";

    private final SimulatedClock clock = new SimulatedClock();
    private final List<RetryEvent> events = new ArrayList<>();
    private final List<TransportRetryEvent> transportRetries = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    private TeacherClient client(WireMockRuntimeInfo wm, String tier) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withTier(tier)
                .withApiKey("sk-e2e")
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(events::add)
                .onTransportRetry(transportRetries::add)
                .onLogLine(lines::add)
                .build();
    }

    /**
     * A client without pacing: the documented reactive behaviour alone. Paced (the default), a retry also
     * waits for the tier's next start slot, so a server hint shorter than the tier's spacing (5 s on the
     * free tier's 20 s) is not the whole wait.
     */
    private TeacherClient unpaced(WireMockRuntimeInfo wm, String tier) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withTier(tier)
                .withPace(false)
                .withApiKey("sk-e2e")
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(events::add)
                .onTransportRetry(transportRetries::add)
                .onLogLine(lines::add)
                .build();
    }

    private static ResponseDefinitionBuilder rateLimited() {
        return aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody(RATE_LIMITED);
    }

    @Test
    void always429SendsExactlySevenRequestsWithTheDocumentedWaits(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(rateLimited()));

        // when / then
        try (TeacherClient client = client(wm, "free")) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(RetriesExhaustedException.class)
                    .hasMessage("Max retries exceeded (after proper tier-aware backoff)");
        }
        verify(exactly(7), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(40),
                        Duration.ofSeconds(80),
                        Duration.ofSeconds(160),
                        Duration.ofSeconds(320),
                        Duration.ofSeconds(640));
        assertThat(transportRetries).isEmpty();
        assertThat(lines)
                .first()
                .isEqualTo(
                        "[TeacherClient] Rate limited (429), waiting 20.0s before retry 1/6 (tier: free, base: 20.0s)");
    }

    @Test
    void retryAfterFiveSecondsIsWaitedInsteadOfTheTierBackoff(WireMockRuntimeInfo wm) {
        // given
        stubSequence(rateLimited().withHeader("Retry-After", "5"), okJson(COMPLETION));

        // when
        ChatResponse response;
        try (TeacherClient client = unpaced(wm, "free")) {
            response = client.chat("Hi");
        }

        // then
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
        assertThat(rateLimitedEvents()).singleElement().satisfies(event -> {
            assertThat(event.source()).isEqualTo(WaitSource.RETRY_AFTER);
            assertThat(event.delay()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(lines)
                .contains(
                        "[TeacherClient] Rate limited (429), waiting 5.0s before retry 1/6 (retry-after: 5, tier: free)");
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(response.rateLimitRetries()).isEqualTo(1);
        assertThat(response.waited()).isEqualTo(Duration.ofSeconds(5));
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aRetryAfterHttpDateIsMeasuredAgainstTheResponsesDateHeader(WireMockRuntimeInfo wm) {
        // given: the simulated clock says 2025, the server's clock says 2019; only the server's counts
        stubSequence(
                rateLimited()
                        .withHeader("Retry-After", "Mon, 05 Aug 2019 09:27:05 GMT")
                        .withHeader("Date", "Mon, 05 Aug 2019 09:27:00 GMT"),
                okJson(COMPLETION));

        // when
        try (TeacherClient client = unpaced(wm, "free")) {
            client.chat("Hi");
        }

        // then
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
        assertThat(rateLimitedEvents())
                .singleElement()
                .satisfies(event -> assertThat(event.source()).isEqualTo(WaitSource.RETRY_AFTER));
    }

    @Test
    void retryAfterMillisecondsWins(WireMockRuntimeInfo wm) {
        // given
        stubSequence(
                rateLimited().withHeader("retry-after-ms", "250").withHeader("Retry-After", "1"), okJson(COMPLETION));

        // when
        try (TeacherClient client = unpaced(wm, "free")) {
            client.chat("Hi");
        }

        // then
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(250));
        assertThat(rateLimitedEvents())
                .singleElement()
                .satisfies(event -> assertThat(event.source()).isEqualTo(WaitSource.RETRY_AFTER_MS));
    }

    @Test
    void two503sAreTransportRetriesWaitingTwoThenFourSecondsAndNoRateLimitRetry(WireMockRuntimeInfo wm) {
        // given
        stubSequence(aResponse().withStatus(503), aResponse().withStatus(503), okJson(COMPLETION));

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm, "free")) {
            response = client.chat("Hi");
        }

        // then
        verify(exactly(3), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(rateLimitedEvents()).isEmpty();
        assertThat(events).last().isEqualTo(new RetryEvent.Succeeded(1, Duration.ZERO));
        assertThat(response.attempts()).isEqualTo(3);
        assertThat(response.rateLimitRetries()).isZero();
        assertThat(response.waited()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aConnectionResetIsRetriedByTheTransport(WireMockRuntimeInfo wm) {
        // given
        stubSequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(COMPLETION));

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm, "free")) {
            response = client.chat("Hi");
        }

        // then
        assertThat(response.content()).isEqualTo("ok");
        assertThat(transportRetries)
                .singleElement()
                .satisfies(retry -> assertThat(retry.status()).isEmpty());
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void transportRetriesLiveInsideOneRateLimitAttemptAndNeitherCountsTheOther(WireMockRuntimeInfo wm) {
        // given: 503 → 429 → 503 → 200
        stubSequence(aResponse().withStatus(503), rateLimited(), aResponse().withStatus(503), okJson(COMPLETION));

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm, "free")) {
            response = client.chat("Hi");
        }

        // then: the transport's count starts again in the second rate-limit attempt (2 s, not 4 s)
        verify(exactly(4), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(2));
        assertThat(transportRetries).extracting(TransportRetryEvent::retry).containsExactly(1, 1);
        assertThat(rateLimitedEvents())
                .extracting(RetryEvent.RateLimited::retry)
                .containsExactly(1);
        assertThat(response.attempts()).isEqualTo(4);
        assertThat(response.rateLimitRetries()).isEqualTo(1);
        assertThat(response.waited()).isEqualTo(Duration.ofSeconds(24));
    }

    @Test
    void transportRetriesReplayOnTheSimulatedClockWithoutRealWaiting(WireMockRuntimeInfo wm) {
        // given: 5 transport retries at factor 30 would be 30 + 60 + 120 + 120 + 120 s of real waiting
        stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500)));
        long realStart = System.nanoTime();

        // when
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withTier("free")
                .withTransportBaseDelay(Duration.ofSeconds(30))
                .withApiKey("sk-e2e")
                .withTimeSource(clock)
                .withSleeper(clock)
                .build()) {
            assertThatThrownBy(() -> client.chat("Hi")).hasMessageContaining("500");
        }

        // then
        verify(exactly(6), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(120));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(450));
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(60));
    }

    private List<RetryEvent.RateLimited> rateLimitedEvents() {
        return events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(RetryEvent.RateLimited.class::cast)
                .toList();
    }

    private static void stubSequence(ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "step-" + (i + 1);
            stubFor(post("/v1/chat/completions")
                    .inScenario("sequence")
                    .whenScenarioStateIs(state)
                    .willReturn(responses[i])
                    .willSetStateTo(next));
            state = next;
        }
    }
}
