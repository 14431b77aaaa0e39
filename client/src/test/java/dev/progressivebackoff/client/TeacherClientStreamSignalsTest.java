package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream's rate limits, retries, pacer permit and errors, on scripted responses. */
@WireMockTest
class TeacherClientStreamSignalsTest {

    private static final String KEY = TeacherClientTest.KEY;

    /** OpenAI's format: role first, content deltas (a comment and a multi-line event among them), finish, usage. */
    static final String EVENTS = """
            : keep-alive

            data: {"id":"c1","object":"chat.completion.chunk","model":"moonshot-v1-8k","choices":[{"index":0,\
            "delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","model":"moonshot-v1-8k","choices":[{"index":0,\
            "delta":{"content":"Hel"},"finish_reason":null}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","model":"moonshot-v1-8k",
            data: "choices":[{"index":0,"delta":{"content":"lo!"},"finish_reason":null}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","model":"moonshot-v1-8k","choices":[{"index":0,\
            "delta":{},"finish_reason":"stop"}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","model":"moonshot-v1-8k","choices":[],\
            "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}

            data: [DONE]

            """;

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private TeacherClientBuilder client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTier("tier5")
                .withTimeSource(clock)
                .withSleeper(clock)
                .onLogLine(line -> {});
    }

    private static ResponseDefinitionBuilder events(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    @Test
    void sendsStreamTrueWithUsageAndReadsTheEvents(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(events(EVENTS)));

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm).withPace(false).build()) {
            response = client.chatStream(ChatRequest.ofUserMessage("hi"), delta -> {});
        }

        // then
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.usage()).isEqualTo(new Usage(9, 3, 12));
        verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
    }

    @Test
    void a429BeforeTheFirstByteIsWaitedOutAndRetried(WireMockRuntimeInfo wm) {
        // given: a 429 asking for 3 s, then the stream
        stubFor(post("/v1/chat/completions")
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "3")
                        .withBody("{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit_reached_error\"}}"))
                .willSetStateTo("open"));
        stubFor(post("/v1/chat/completions")
                .inScenario("limited")
                .whenScenarioStateIs("open")
                .willReturn(events(EVENTS)));

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm).withPace(false).build();
                ChatStream stream = client.chatStream(ChatRequest.ofUserMessage("hi"))) {
            stream.forEachRemaining(delta -> {});
            response = stream.completion();
        }

        // then: the wait was on the fake clock, and the stream came from the second request
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(response.rateLimitRetries()).isEqualTo(1);
        assertThat(response.waited()).isEqualTo(Duration.ofSeconds(3));
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aStatusThatIsNotRetriedFailsAsAPlainChatDoesAndTellsTheListener(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody("{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}")));
        List<RuntimeException> errors = new ArrayList<>();

        // when / then
        try (TeacherClient client = client(wm).withPace(false).build()) {
            assertThatThrownBy(() -> client.chatStream(ChatRequest.ofUserMessage("hi"), new ChatStreamListener() {
                        @Override
                        public void onDelta(ChatDelta delta) {}

                        @Override
                        public void onError(RuntimeException failure) {
                            errors.add(failure);
                        }
                    }))
                    .isInstanceOf(NotRetryableException.class)
                    .satisfies(failure -> assertThat(errors).containsExactly((RuntimeException) failure));
        }
    }

    @Test
    void anErrorSentInTheStreamFailsWithoutTheApiKey(WireMockRuntimeInfo wm) {
        // given: a first delta, then an error event echoing the key
        String events = EVENTS.substring(
                        0,
                        EVENTS.indexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                                + "\"model\":\"moonshot-v1-8k\",\n"))
                + "data: {\"error\":{\"message\":\"key " + KEY + " overloaded\",\"type\":\"server_error\"}}\n\n";
        stubFor(post("/v1/chat/completions").willReturn(events(events)));

        // when / then
        try (TeacherClient client = client(wm).withPace(false).build();
                ChatStream stream = client.chatStream(ChatRequest.ofUserMessage("hi"))) {
            assertThat(stream.next().content()).isEqualTo("Hel");
            assertThatThrownBy(stream::next).isInstanceOfSatisfying(ChatStreamException.class, failure -> {
                assertThat(failure.partialText()).isEqualTo("Hel");
                assertThat(failure.getMessage()).contains("overloaded").doesNotContain(KEY);
            });
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void aStreamEndingBeforeItsFinishFails(WireMockRuntimeInfo wm) {
        // given: the connection ends cleanly, but before the finish_reason and [DONE]
        String events = EVENTS.substring(
                0,
                EVENTS.indexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                        + "\"model\":\"moonshot-v1-8k\",\"choices\":[{\"index\":0,\"delta\":{},"));
        stubFor(post("/v1/chat/completions").willReturn(events(events)));

        // when / then
        try (TeacherClient client = client(wm).withPace(false).build();
                ChatStream stream = client.chatStream(ChatRequest.ofUserMessage("hi"))) {
            assertThatThrownBy(() -> stream.forEachRemaining(delta -> {}))
                    .isInstanceOfSatisfying(ChatStreamException.class, failure -> {
                        assertThat(failure.partialText()).isEqualTo("Hello!");
                        assertThat(failure.getMessage()).contains("ended before");
                    });
        }
    }

    @Test
    void aServerThatIgnoresStreamTrueIsReadAsOneDelta(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));
        List<ChatDelta> deltas = new ArrayList<>();

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm).withPace(false).build()) {
            response = client.chatStream(ChatRequest.ofUserMessage("hi"), deltas::add);
        }

        // then
        assertThat(deltas).containsExactly(new ChatDelta(0, "Hello!"));
        assertThat(response.usage()).isEqualTo(new Usage(9, 3, 12));
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void thePermitIsHeldWhileTheStreamIsOpenAndSettledWithItsUsage(WireMockRuntimeInfo wm) {
        // given: a pacer that records its permits
        stubFor(post("/v1/chat/completions").willReturn(events(EVENTS)));
        RecordingPacer pacer = new RecordingPacer();

        // when
        try (TeacherClient client = client(wm)
                        .withPacerRegistry(PacerRegistry.create(tier -> pacer))
                        .build();
                ChatStream stream = client.chatStream(ChatRequest.ofUserMessage("hi"))) {
            stream.next();
            // then: in flight until the stream ends
            assertThat(pacer.permits).hasSize(1);
            assertThat(pacer.permits.get(0).closed).isFalse();
            stream.forEachRemaining(delta -> {});
            assertThat(pacer.permits.get(0).closed).isTrue();
        }
        assertThat(pacer.permits.get(0).settled).containsExactly(12L);
        assertThat(pacer.permits.get(0).sent).isTrue();
    }

    /** A pacer that never waits and records each permit. */
    private static final class RecordingPacer implements Pacer {
        final List<RecordedPermit> permits = new ArrayList<>();

        @Override
        public synchronized Permit acquire() {
            RecordedPermit permit = new RecordedPermit();
            permits.add(permit);
            return permit;
        }

        @Override
        public void adoptTier(Tier tier) {}

        @Override
        public void adoptRpm(int requestsPerMinute) {}

        @Override
        public void observe(RateLimitSignals signals) {}

        @Override
        public void coolDown(Duration duration) {}

        @Override
        public PacerState state() {
            return PacerState.UNPACED;
        }
    }

    private static final class RecordedPermit implements Permit {
        final List<Long> settled = new ArrayList<>();
        volatile boolean closed;
        volatile boolean sent;

        @Override
        public void markSent() {
            sent = true;
        }

        @Override
        public void settle(long usedTokens) {
            settled.add(usedTokens);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
