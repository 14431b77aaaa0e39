package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WireMockTest
class TeacherClientTest {

    static final String KEY = "sk-unit-test-4f1c9e";
    static final String COMPLETION = """
            {"id":"c1","model":"moonshot-v1-8k","choices":[{"index":0,"message":{"role":"assistant",
            "content":"Hello!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,
            "total_tokens":12}}""";

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final List<String> lines = new ArrayList<>();
    private final List<RetryEvent> events = new ArrayList<>();

    TeacherClientBuilder client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(events::add)
                .onLogLine(lines::add);
    }

    @Test
    void chatPostsTheOpenAiRequestShapeAndParsesTheCompletion(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(COMPLETION)));
        ChatRequest request = ChatRequest.builder()
                .withModel("kimi-k2")
                .withSystemMessage("Be brief.")
                .withUserMessage("Hi")
                .withTemperature(0.3)
                .withMaxTokens(64)
                .withExtra("top_p", 0.9)
                .withExtra("response_format", Map.of("type", "json_object"))
                .build();

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm).withTier("tier1").build()) {
            response = client.chat(request);
        }

        // then
        verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY))
                        .withRequestBody(equalToJson("""
                        {"model":"kimi-k2","messages":[{"role":"system","content":"Be brief."},
                         {"role":"user","content":"Hi"}],"temperature":0.3,"max_tokens":64,"top_p":0.9,
                         "response_format":{"type":"json_object"}}""")));
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.usage()).isEqualTo(new Usage(9, 3, 12));
        assertThat(response.model()).isEqualTo("moonshot-v1-8k");
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.rateLimitRetries()).isZero();
        assertThat(response.waited()).isEqualTo(Duration.ZERO);
    }

    @Test
    void usesTheConfiguredDefaultModelWhenTheRequestNamesNone(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(COMPLETION)));

        // when
        try (TeacherClient client =
                client(wm).withTier("free").withModel("moonshot-v1-32k").build()) {
            client.chat("Hi");
        }

        // then
        verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson(
                        "{\"model\":\"moonshot-v1-32k\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    @Test
    void withAnExplicitTierNothingIsSentBeforeTheFirstRealRequest(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(COMPLETION)));

        // when
        try (TeacherClient client = client(wm).withTier("free").build()) {
            // then: building sends nothing
            verify(exactly(0), anyRequestedFor(anyUrl()));
            client.chat("Hi");
        }
        verify(exactly(1), anyRequestedFor(anyUrl()));
        verify(exactly(0), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void skipFlagsSendNothingExtraEvenWithTierAuto(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(COMPLETION)));

        // when
        try (TeacherClient client =
                client(wm).withTier("auto").withSkipTierDetection(true).build()) {
            client.chat("Hi");
            client.chat("Hi again");
        }

        // then
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        verify(exactly(0), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void unauthorizedFailsAfterOneRequestWithTheServersMessage(WireMockRuntimeInfo wm) {
        // given
        stubFor(
                post("/v1/chat/completions")
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withBody(
                                                "{\"error\":{\"message\":\"Invalid Authentication\",\"type\":\"invalid_authentication_error\"}}")));

        // when / then
        try (TeacherClient client = client(wm).withTier("free").build()) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .hasMessageContaining("401")
                    .hasMessageContaining("Invalid Authentication")
                    .satisfies(e ->
                            assertThat(((NotRetryableException) e).status()).isEqualTo(401));
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void a5xxThatOutlastsTransportRetriesFailsWithoutAnyRateLimitRetry(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(502)));

        // when / then
        try (TeacherClient client =
                client(wm).withTier("free").withMaxTransportRetries(2).build()) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .satisfies(e ->
                            assertThat(((NotRetryableException) e).status()).isEqualTo(502))
                    .satisfies(e ->
                            assertThat(((NotRetryableException) e).attempts()).hasSize(1));
        }
        verify(exactly(3), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(events).noneMatch(event -> event instanceof RetryEvent.RateLimited);
        assertThat(lines)
                .contains(
                        "[TeacherClient] Server error (HTTP 502), waiting 2.0s before transport retry 1/2",
                        "[TeacherClient] Server error (HTTP 502), waiting 4.0s before transport retry 2/2");
    }

    @Test
    void a429ListedAsATransportRetryStatusIsDroppedWithOneWarningSoEach429CostsOneRequest(WireMockRuntimeInfo wm) {
        // given (unpaced, so the sleeps are the rate-limit loop's alone)
        stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)));
        ClientSettings settings = ClientSettings.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withTransport(TransportSettings.builder()
                        .withRetryStatusCodes(List.of(429, 503))
                        .build())
                .withRateLimit(RateLimitSettings.builder()
                        .withTier("free")
                        .withMaxRateLimitRetries(1)
                        .withPace(false)
                        .build())
                .build();

        // when
        try (TeacherClient client = client(wm).withSettings(settings).build()) {
            assertThatThrownBy(() -> client.chat("Hi")).isInstanceOf(RetriesExhaustedException.class);
            assertThatThrownBy(() -> client.chat("Hi")).isInstanceOf(RetriesExhaustedException.class);
        }

        // then: two calls × (1 + 1 rate-limit retry), one request each, and the warning once
        verify(exactly(4), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(lines)
                .filteredOn(line -> line.contains("Ignoring 429"))
                .containsExactly(
                        "[TeacherClient] Ignoring 429 in retryStatusCodes: rate limits are handled by the tier-aware "
                                + "backoff, never by transport retries (retrying on [503])");
    }

    @Test
    void anInterruptDuringATransportWaitStopsTheCallAndKeepsTheFlag(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503)));
        TeacherClientBuilder builder = client(wm).withTier("free").withSleeper(wait -> {
            throw new InterruptedException("stop");
        });

        // when
        Throwable failure;
        boolean flagKept;
        try (TeacherClient client = builder.build()) {
            failure = catchThrowable(() -> client.chat("Hi"));
            flagKept = Thread.interrupted();
        }

        // then
        assertThat(failure).isInstanceOf(RetryInterruptedException.class);
        assertThat(flagKept).isTrue();
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void anHtmlGatewayPageIsKeptAsShortTextNotACrash(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(504)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway "
                                + "Time-out</h1></center><hr><center>nginx</center></body></html>")));

        // when / then
        try (TeacherClient client =
                client(wm).withTier("free").withMaxTransportRetries(0).build()) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .satisfies(e -> assertThat(((NotRetryableException) e).serverMessage())
                            .hasValue("504 Gateway Time-out 504 Gateway Time-out nginx"));
        }
    }

    @Test
    void healthCheckGetsModelsAndReportsTheOutcome(WireMockRuntimeInfo wm) {
        // given
        stubFor(get("/v1/models").willReturn(okJson("{\"data\":[]}")));

        // when
        HealthCheck health;
        try (TeacherClient client = client(wm).withTier("free").build()) {
            health = client.healthCheck();
        }

        // then
        assertThat(health).isEqualTo(new HealthCheck(true, 200, "OK"));
        verify(
                exactly(1),
                getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void healthCheckReportsAnUnhealthyServerWithoutThrowing(WireMockRuntimeInfo wm) {
        // given
        stubFor(get("/v1/models")
                .willReturn(aResponse()
                        .withStatus(403)
                        .withBody("{\"error\":{\"message\":\"Forbidden region\",\"type\":\"permission_denied\"}}")));

        // when
        HealthCheck health;
        try (TeacherClient client = client(wm).withTier("free").build()) {
            health = client.healthCheck();
        }

        // then
        assertThat(health).isEqualTo(new HealthCheck(false, 403, "HTTP 403: Forbidden region"));
    }

    @Test
    void fromEndpointMirrorsTheSeedSettings(WireMockRuntimeInfo wm) {
        try (TeacherClient client =
                TeacherClient.fromEndpoint(wm.getHttpBaseUrl() + "/v1/", KEY, 5, Duration.ofSeconds(2))) {
            assertThat(client.settings().endpoint()).isEqualTo(wm.getHttpBaseUrl() + "/v1");
            assertThat(client.settings().transport().maxTransportRetries()).isEqualTo(5);
            assertThat(client.settings().transport().transportBaseDelay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(client.settings().rateLimit().maxRateLimitRetries()).isEqualTo(6);
            assertThat(client.settings().rateLimit().isAutoTier()).isTrue();
            assertThat(client.tier().name()).isEqualTo("free");
        }
        verify(exactly(0), anyRequestedFor(anyUrl()));
    }

    @Test
    void anUnknownTierNameIsAClearError(WireMockRuntimeInfo wm) {
        assertThatThrownBy(() -> client(wm).withTier("platinum").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown tier 'platinum'")
                .hasMessageContaining("free, tier1");
    }

    @Test
    void anUnknownPolicyNameListsTheKnownOnes(WireMockRuntimeInfo wm) {
        assertThatThrownBy(() -> client(wm).withTier("free").withPolicy("yolo").build())
                .hasMessageContaining("unknown backoff policy 'yolo'")
                .hasMessageContaining("tier-aware-exponential");
    }

    @Test
    void anRpmOverrideMakesACustomTierWithBase60SecondsPerRpm(WireMockRuntimeInfo wm) {
        try (TeacherClient client = client(wm)
                .withSettings(ClientSettings.builder()
                        .withEndpoint(wm.getHttpBaseUrl())
                        .withRateLimit(RateLimitSettings.builder().withRpm(120).build())
                        .build())
                .withApiKey(KEY)
                .build()) {
            assertThat(client.tier().requestsPerMinute()).isEqualTo(120);
            assertThat(client.tier().baseDelay()).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void aClientWithoutAnApiKeyIsRefused() {
        assertThatThrownBy(() -> TeacherClient.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("API key");
    }
}
