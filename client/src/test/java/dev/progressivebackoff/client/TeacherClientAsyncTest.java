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

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ManualScheduler;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TeacherClient#chatAsync}: waits scheduled on a {@link ManualScheduler} driven by a {@link FakeClock}. */
@WireMockTest
class TeacherClientAsyncTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<RetryEvent> events = new CopyOnWriteArrayList<>();
    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopIo() {
        io.shutdownNow();
    }

    @Test
    void aScripted429SequenceIsWaitedOutOnTheSchedulerWithTheDocumentedWaits(WireMockRuntimeInfo wm) throws Exception {
        // given three 429s (the third with Retry-After: 7), then a completion
        script(
                aResponse().withStatus(429),
                aResponse().withStatus(429),
                aResponse().withStatus(429).withHeader("Retry-After", "7"),
                okJson(TeacherClientTest.COMPLETION));

        // when
        ChatResponse response;
        try (TeacherClient client = client(wm).build()) {
            CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
            scheduler.runUntilDone(call);
            response = call.get();
        }

        // then the free tier's 20 s and 40 s, then the server's 7 s, all scheduled: nothing slept
        assertThat(scheduler.delays())
                .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(7));
        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(67));
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.attempts()).isEqualTo(4);
        assertThat(response.rateLimitRetries()).isEqualTo(3);
        assertThat(response.waited()).isEqualTo(Duration.ofSeconds(67));
        assertThat(events).filteredOn(RetryEvent.RateLimited.class::isInstance).hasSize(3);
        assertThat(events).last().isEqualTo(new RetryEvent.Succeeded(4, Duration.ofSeconds(67)));
        verify(exactly(4), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void theBlockingCallWaitsExactlyWhatTheAsynchronousOneSchedules(WireMockRuntimeInfo wm) {
        // given the same script as above, answered to a blocking call
        script(
                aResponse().withStatus(429),
                aResponse().withStatus(429),
                aResponse().withStatus(429).withHeader("Retry-After", "7"),
                okJson(TeacherClientTest.COMPLETION));

        // when
        try (TeacherClient client = client(wm).build()) {
            client.chat("Hi");
        }

        // then
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(7));
    }

    @Test
    void cancellingDuringABackoffWaitStopsItAndSendsNothingMore(WireMockRuntimeInfo wm) throws Exception {
        // given a 429, then completions
        script(aResponse().withStatus(429), okJson(TeacherClientTest.COMPLETION));
        try (TeacherClient client = client(wm).build()) {
            CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
            scheduler.awaitTask();
            assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(20));

            // when the call is cancelled during its 20 s wait
            assertThat(call.cancel(true)).isTrue();

            // then the wait is gone (the thread that scheduled it may still be storing it: it cancels it then),
            // and time passing sends nothing
            Eventually.until(() -> scheduler.pending() == 0, () -> "the wait is cancelled");
            clock.advance(Duration.ofMinutes(5));
            scheduler.runDue();
            assertThat(call).isCancelled();
            assertThatThrownBy(call::get).isInstanceOf(CancellationException.class);
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(events)
                .last()
                .isInstanceOfSatisfying(
                        RetryEvent.GaveUp.class,
                        gaveUp -> assertThat(gaveUp.reason()).isEqualTo("cancelled after 1 attempt(s)"));
    }

    @Test
    void transportRetriesAreScheduledTooAndTheOnlyIoThreadStaysFreeDuringThem(WireMockRuntimeInfo wm) throws Exception {
        // given 503, 503, then a completion; one I/O thread
        script(aResponse().withStatus(503), aResponse().withStatus(503), okJson(TeacherClientTest.COMPLETION));
        List<TransportRetryEvent> retries = new CopyOnWriteArrayList<>();

        // when
        ChatResponse response;
        try (TeacherClient client =
                client(wm).withAsyncExecutor(io).onTransportRetry(retries::add).build()) {
            CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
            scheduler.awaitTask();
            assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2));
            // then during the transport's first wait the I/O thread is free: a task queued on it runs at once
            assertThat(io.submit(() -> "free").get(10, TimeUnit.SECONDS)).isEqualTo("free");
            scheduler.runUntilDone(call);
            response = call.get();
        }

        // then the transport's documented waits (2 s, 4 s), scheduled: nothing slept
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(6));
        assertThat(retries)
                .extracting(TransportRetryEvent::delay)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.attempts()).isEqualTo(3);
        assertThat(response.rateLimitRetries()).isZero();
        assertThat(response.waited()).isEqualTo(Duration.ofSeconds(6));
        assertThat(events).last().isEqualTo(new RetryEvent.Succeeded(1, Duration.ZERO));
        verify(exactly(3), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void cancellingDuringATransportRetryWaitStopsItAndSendsNothingMore(WireMockRuntimeInfo wm) throws Exception {
        // given a 503, then completions
        script(aResponse().withStatus(503), okJson(TeacherClientTest.COMPLETION));
        try (TeacherClient client = client(wm).withAsyncExecutor(io).build()) {
            CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
            scheduler.awaitTask();
            assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2));

            // when the call is cancelled during the transport's 2 s wait
            assertThat(call.cancel(true)).isTrue();

            // then the wait is gone, and time passing sends nothing
            Eventually.until(() -> scheduler.pending() == 0, () -> "the transport's wait is cancelled");
            clock.advance(Duration.ofMinutes(5));
            scheduler.runDue();
            assertThat(io.submit(() -> "drained").get(10, TimeUnit.SECONDS)).isEqualTo("drained");
            assertThat(call).isCancelled();
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).isEmpty();
        assertThat(events)
                .last()
                .isInstanceOfSatisfying(
                        RetryEvent.GaveUp.class,
                        gaveUp -> assertThat(gaveUp.cause()).isEqualTo(RetryEvent.GaveUp.Cause.CANCELLED));
    }

    @Test
    void aFailureReachesTheFutureAsTheBlockingCallWouldThrowIt(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(post("/v1/chat/completions")
                .willReturn(
                        aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"Invalid Authentication\"}}")));

        // when
        Throwable failure;
        try (TeacherClient client = client(wm).build()) {
            CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
            scheduler.runUntilDone(call);
            failure = causeOf(call);
        }

        // then
        assertThat(failure).isInstanceOf(NotRetryableException.class).hasMessageContaining("Invalid Authentication");
        assertThat(((NotRetryableException) failure).requestsSent()).hasValue(1);
    }

    @Test
    void tierAutoDetectsTheTierOnceBeforeTheFirstAsynchronousCalls(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/models")
                .willReturn(okJson("{\"data\":[]}")
                        .withHeader("x-ratelimit-limit-requests", "200")
                        .withHeader("x-ratelimit-remaining-requests", "199")));
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when three calls start together
        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
        try (TeacherClient client = client(wm).withTier("auto").withPace(false).build()) {
            for (int i = 0; i < 3; i++) {
                calls.add(client.chatAsync("Hi " + i));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
            scheduler.runUntilDone(all);
            all.get();
        }

        // then one detection, three completions
        verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
        verify(exactly(3), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(events).filteredOn(RetryEvent.TierDetected.class::isInstance).hasSize(1);
    }

    @Test
    void theTierDetectionBeforeTheFirstCallSchedulesItsTransportRetryToo(WireMockRuntimeInfo wm) throws Exception {
        // given the detection's GET /models answered 503, then 200 with the tier's headers; one I/O thread
        stubFor(get("/v1/models")
                .inScenario("models")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("ok"));
        stubFor(get("/v1/models")
                .inScenario("models")
                .whenScenarioStateIs("ok")
                .willReturn(okJson("{\"data\":[]}")
                        .withHeader("x-ratelimit-limit-requests", "200")
                        .withHeader("x-ratelimit-remaining-requests", "199")));
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        try (TeacherClient client =
                client(wm).withTier("auto").withAsyncExecutor(io).build()) {
            CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
            scheduler.awaitTask();
            assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2));
            assertThat(io.submit(() -> "free").get(10, TimeUnit.SECONDS)).isEqualTo("free");
            scheduler.runUntilDone(call);
            call.get();
        }

        // then the detection's 2 s wait was scheduled, nothing slept; the detection is told as a probe
        assertThat(clock.sleeps()).isEmpty();
        verify(exactly(2), getRequestedFor(urlEqualTo("/v1/models")));
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(events)
                .filteredOn(RetryEvent.Probed.class::isInstance)
                .containsExactly(
                        new RetryEvent.Probed(RetryEvent.Probed.Purpose.TIER_DETECTION, 2, OptionalInt.of(200)));
        assertThat(events).filteredOn(RetryEvent.TierDetected.class::isInstance).hasSize(1);
    }

    @Test
    void exchangeAsyncGivesAnyRequestTheSameTreatment(WireMockRuntimeInfo wm) throws Exception {
        // given
        stubFor(get("/v1/files")
                .inScenario("files")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(get("/v1/files").inScenario("files").whenScenarioStateIs("ok").willReturn(okJson("{\"data\":[]}")));

        // when
        TransportResponse response;
        try (TeacherClient client = client(wm).build()) {
            CompletableFuture<TransportResponse> call = client.exchangeAsync(TransportRequest.get(client.uri("files")));
            scheduler.runUntilDone(call);
            response = call.get();
        }

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void aClosedClientFailsAsynchronousCallsAtOnce(WireMockRuntimeInfo wm) {
        // given
        TeacherClient client = client(wm).build();
        client.close();

        // then
        assertThat(client.chatAsync("Hi")).isCompletedExceptionally();
    }

    @Test
    void closingTheClientFailsACallWaitingOnAGivenSchedulerAndSendsNothingMore(WireMockRuntimeInfo wm) {
        // given a call waiting out a 429 on a scheduler the client does not own
        script(aResponse().withStatus(429), okJson(TeacherClientTest.COMPLETION));
        TeacherClient client = client(wm).build();
        CompletableFuture<ChatResponse> call = client.chatAsync("Hi");
        Eventually.until(() -> scheduler.pending() == 1, () -> "the call waits out its 429");

        // when the client is closed
        client.close();

        // then the call fails, its wait is cancelled, and nothing more is sent
        assertThat(call).isCompletedExceptionally();
        Eventually.until(() -> scheduler.pending() == 0, () -> "the wait is cancelled");
        clock.advance(Duration.ofMinutes(5));
        scheduler.runDue();
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    private TeacherClientBuilder client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(TeacherClientTest.KEY)
                .withTier("free")
                .withPace(false)
                .withTimeSource(clock)
                .withSleeper(clock)
                .withScheduler(scheduler)
                .onEvent(events::add);
    }

    /** Answers the chat endpoint with {@code answers} in turn, the last one from then on. */
    private static void script(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer " + i;
            var stub = post("/v1/chat/completions")
                    .inScenario("script")
                    .whenScenarioStateIs(state)
                    .willReturn(answers[i]);
            if (i + 1 < answers.length) {
                stub = stub.willSetStateTo("answer " + (i + 1));
            }
            stubFor(stub);
        }
    }

    private static Throwable causeOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get();
            throw new AssertionError("the future succeeded");
        } catch (ExecutionException failed) {
            return failed.getCause();
        }
    }
}
