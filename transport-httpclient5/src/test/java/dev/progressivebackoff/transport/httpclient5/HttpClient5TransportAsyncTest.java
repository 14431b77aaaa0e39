package dev.progressivebackoff.transport.httpclient5;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ManualScheduler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpClient5Transport#executeAsync}: retries waited out on a {@link ManualScheduler}, I/O on one thread. */
@WireMockTest
class HttpClient5TransportAsyncTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final List<TransportRetryEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopIo() {
        io.shutdownNow();
    }

    @Test
    void retriesAreScheduledWithTheBlockingCallsWaitsAndTheIoThreadStaysFree(WireMockRuntimeInfo wm) throws Exception {
        // given 503, 503, then 200
        script(
                aResponse().withStatus(503),
                aResponse().withStatus(503),
                aResponse().withStatus(200).withBody("ok"));
        AtomicInteger onSend = new AtomicInteger();
        try (HttpClient5Transport transport = transport()) {
            // when
            CompletableFuture<TransportResponse> call =
                    transport.executeAsync(models(wm), onSend::incrementAndGet, scheduler, io);
            scheduler.awaitTask();

            // then during the first wait the only I/O thread is free: a task queued on it runs at once
            assertThat(io.submit(() -> "free").get(10, TimeUnit.SECONDS)).isEqualTo("free");
            scheduler.runUntilDone(call);
            TransportResponse response = call.get();

            // then the waits of the blocking call (2 s, then 4 s), scheduled, nothing slept
            assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(clock.sleeps()).isEmpty();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("ok");
            assertThat(response.attempts()).isEqualTo(3);
            assertThat(response.waited()).isEqualTo(Duration.ofSeconds(6));
            assertThat(onSend).hasValue(3);
            assertThat(events)
                    .extracting(TransportRetryEvent::retry, TransportRetryEvent::delay, TransportRetryEvent::status)
                    .containsExactly(
                            tuple(1, Duration.ofSeconds(2), OptionalInt.of(503)),
                            tuple(2, Duration.ofSeconds(4), OptionalInt.of(503)));
        }
        verify(exactly(3), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void cancellingDuringARetryWaitCancelsItAndSendsNothingMore(WireMockRuntimeInfo wm) throws Exception {
        // given a 503, then 200s
        script(aResponse().withStatus(503), aResponse().withStatus(200));
        try (HttpClient5Transport transport = transport()) {
            CompletableFuture<TransportResponse> call = transport.executeAsync(models(wm), null, scheduler, io);
            scheduler.awaitTask();

            // when
            assertThat(call.cancel(true)).isTrue();

            // then the wait is gone, and time passing sends nothing
            Eventually.until(() -> scheduler.pending() == 0, () -> "the wait is cancelled");
            clock.advance(Duration.ofMinutes(5));
            scheduler.runDue();
            assertThat(io.submit(() -> "drained").get(10, TimeUnit.SECONDS)).isEqualTo("drained");
        }
        verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void ioFailuresThroughEveryRetryFailTheFutureAsTheBlockingCallThrows(WireMockRuntimeInfo wm) throws Exception {
        // given every answer cut off, two retries allowed
        stubFor(get("/v1/models").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (HttpClient5Transport transport = transport(HttpClient5Transport.builder()
                .withMaxTransportRetries(2)
                .withTimeSource(clock)
                .onRetry(events::add))) {
            // when
            CompletableFuture<TransportResponse> call = transport.executeAsync(models(wm), null, scheduler, io);
            scheduler.runUntilDone(call);

            // then
            assertThatThrownBy(call::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            TransportException.class,
                            failed -> assertThat(failed.attempts()).isEqualTo(3))
                    .hasMessageContaining("failed after 3 attempt(s)");
            assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(events)
                    .hasSize(2)
                    .allSatisfy(event -> assertThat(event.status()).isEmpty());
        }
        verify(exactly(3), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void anInsecureEndpointFailsTheFutureWithNothingSent() {
        try (HttpClient5Transport transport = transport()) {
            CompletableFuture<TransportResponse> call = transport.executeAsync(
                    TransportRequest.get(URI.create("http://example.com/v1/models")), null, scheduler, io);

            assertThat(call).isCompletedExceptionally();
            assertThatThrownBy(call::get).cause().isInstanceOf(InsecureEndpointException.class);
            assertThat(scheduler.pending()).isZero();
        }
    }

    private HttpClient5Transport transport() {
        return transport(HttpClient5Transport.builder().withTimeSource(clock).onRetry(events::add));
    }

    /** Built with the fake clock as its sleeper, which records any sleep: the asynchronous path must make none. */
    private HttpClient5Transport transport(HttpClient5TransportBuilder builder) {
        return builder.withSleeper(clock).build();
    }

    private static TransportRequest models(WireMockRuntimeInfo wm) {
        return TransportRequest.get(URI.create(wm.getHttpBaseUrl() + "/v1/models"));
    }

    /** Answers {@code GET /v1/models} with {@code answers} in turn, the last one from then on. */
    private static void script(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "answer " + i;
            var stub = get("/v1/models")
                    .inScenario("script")
                    .whenScenarioStateIs(state)
                    .willReturn(answers[i]);
            if (i + 1 < answers.length) {
                stub = stub.willSetStateTo("answer " + (i + 1));
            }
            stubFor(stub);
        }
    }
}
