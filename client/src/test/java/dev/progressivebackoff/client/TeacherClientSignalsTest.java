package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client's behaviour that rests on parsed rate-limit signals: quota errors and tier detection. */
@WireMockTest
class TeacherClientSignalsTest {

    private static final String KEY = TeacherClientTest.KEY;
    private static final String DETECTED_FREE = "[TeacherClient] Detected tier: free (RPM: 3, delay: 20.0s)";

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final List<String> lines = new ArrayList<>();

    private TeacherClientBuilder client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onLogLine(lines::add);
    }

    @Test
    void insufficientQuota429FailsAtOnceWithTheServersMessage(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions")
                .willReturn(aResponse().withStatus(429).withBody("""
                {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                "type":"insufficient_quota","code":"insufficient_quota"}}""")));

        // when / then
        try (TeacherClient client = client(wm).withTier("free").build()) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .hasMessageContaining("You exceeded your current quota")
                    .satisfies(e -> assertThat(((NotRetryableException) e).serverMessage())
                            .hasValue("You exceeded your current quota, please check your plan and billing details."));
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void moonshotExceededCurrentQuota429FailsAtOnceWithTheServersMessage(WireMockRuntimeInfo wm) {
        // given
        String message = "Your account org-x is suspended due to insufficient balance, please recharge your account "
                + "or check your plan and billing details";
        stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withBody("{\"error\":{\"message\":\"" + message
                                + "\",\"type\":\"exceeded_current_quota_error\"}}")));

        // when / then
        try (TeacherClient client = client(wm).withTier("free").build()) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .satisfies(e -> assertThat(((NotRetryableException) e).serverMessage())
                            .hasValue(message));
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void detectTierReadsTheRequestLimitHeaderAndLogsTheDocumentedLine(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models").willReturn(okJson("{\"data\":[]}").withHeader("x-ratelimit-limit-requests", "3")));
        LogCapture log = LogCapture.start();

        // when
        Optional<Tier> detected;
        try (TeacherClient client = client(wm).build()) {
            detected = client.detectTier();
        }

        // then
        assertThat(detected).map(Tier::name).hasValue("free");
        assertThat(lines).containsExactly(DETECTED_FREE);
        assertThat(log.lines()).anyMatch(line -> line.endsWith(DETECTED_FREE));
        verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void tierAutoDetectsWithOneRequestBeforeTheFirstCallOnly(WireMockRuntimeInfo wm) {
        // given
        stubFor(get("/v1/models").willReturn(okJson("{\"data\":[]}").withHeader("x-ratelimit-limit-requests", "200")));
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        try (TeacherClient client = client(wm).withTier("auto").build()) {
            client.chat("one");
            client.chat("two");

            // then
            assertThat(client.tier().name()).isEqualTo("tier1");
        }
        verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(lines).containsExactly("[TeacherClient] Detected tier: tier1 (RPM: 200, delay: 0.3s)");
    }

    @Test
    void passiveDetectionReadsTheTierFromRealResponsesWithoutExtraRequests(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions")
                .willReturn(okJson(TeacherClientTest.COMPLETION).withHeader("x-ratelimit-limit-requests", "3")));

        // when
        try (TeacherClient client =
                client(wm).withTier("auto").withSkipTierDetection(true).build()) {
            client.chat("Hi");
            client.chat("Hi");

            // then
            assertThat(client.tier().name()).isEqualTo("free");
        }
        verify(exactly(0), getRequestedFor(urlEqualTo("/v1/models")));
        assertThat(lines).containsExactly(DETECTED_FREE);
    }
}
