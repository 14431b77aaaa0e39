package dev.progressivebackoff.micrometer;

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

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Meters recorded for scripted calls (429s, 5xx, I/O failures, a tier detection) on a loopback server, on a fake clock. */
@WireMockTest
class ProgressiveBackoffMetricsTest {

    private static final String COMPLETION = """
            {"id":"c1","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},
            "finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""";

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void countsEveryRequestRetryAndWaitOfAScriptedCall(WireMockRuntimeInfo wm) {
        // given: a 429 asking for 2 s, a 503 asking for 3 s, then the completion
        scriptedServer();
        ProgressiveBackoffMetrics metrics = ProgressiveBackoffMetrics.create(Tags.of("client", "teacher"));
        List<Double> atThe429 = new ArrayList<>();
        RetryListener gaugesAtThe429 = event -> {
            if (event instanceof RetryEvent.RateLimited) {
                atThe429.addAll(List.of(
                        gauge("pacer.hold"),
                        gauge("pacer.slowdown"),
                        gauge("pool.connections", "state", "leased"),
                        gauge("pool.connections", "state", "available")));
            }
        };

        // when
        try (TeacherClient client = client(wm, metrics).onEvent(gaugesAtThe429).build()) {
            metrics.bindTo(registry);
            metrics.gauges(client::pacerState, client::poolStats).bindTo(registry);
            assertThat(gauge("pool.connections", "state", "available")).isZero();
            assertThat(gauge("pacer.slowdown")).isEqualTo(1.0);
            client.chat("Hi");

            // then: the gauges read the pacer and the pool as they are at each moment
            assertThat(atThe429).hasSize(4);
            assertThat(atThe429.get(0)).isEqualTo(2.0);
            assertThat(atThe429.get(1)).isGreaterThan(client.pacerState().slowdown());
            assertThat(atThe429.subList(2, 4)).containsExactly(0.0, 1.0);
            assertThat(client.pacerState().slowdown()).isGreaterThan(1.0);
            assertThat(gauge("pacer.slowdown")).isEqualTo(client.pacerState().slowdown());
            assertThat(gauge("pool.connections", "state", "available")).isEqualTo(1);
            assertThat(gauge("pool.connections", "state", "leased")).isZero();
            assertThat(gauge("pool.pending")).isZero();
            assertThat(gauge("pool.max")).isEqualTo(16);
            assertThat(gauge("pacer.rate")).isEqualTo(200);
            assertThat(gauge("pacer.in.flight")).isZero();
            assertThat(gauge("pacer.waiting")).isZero();
            assertThat(gauge("pacer.hold")).isZero();
        }

        // then
        assertThat(counter("requests")).isEqualTo(3);
        assertThat(counter("retries", "kind", "rate-limit")).isEqualTo(1);
        assertThat(counter("retries", "kind", "transport")).isEqualTo(1);
        assertThat(counter("rate.limited", "source", "retry-after", "origin", "header", "tier", "tier1"))
                .isEqualTo(1);
        assertThat(counter("calls", "outcome", "succeeded", "reason", "none")).isEqualTo(1);
        assertThat(waited("rate-limit", "header")).isEqualTo(2.0);
        assertThat(waited("transport", "header")).isEqualTo(3.0);
        assertThat(registry.find(ProgressiveBackoffMetrics.PREFIX + "wait")
                        .tags("kind", "pacer")
                        .timer())
                .isNull();
        assertThat(registry.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getTag("client")).isEqualTo("teacher"))
                .noneSatisfy(meter -> assertThat(meter.getId().toString()).contains("sk-metrics"));
    }

    @Test
    void timesThePacersWaitsApartFromTheRateLimitWaits(WireMockRuntimeInfo wm) {
        // given: the free tier paces starts 20 s apart; two calls back to back
        stubFor(post("/v1/chat/completions").willReturn(okJson(COMPLETION)));
        ProgressiveBackoffMetrics metrics = ProgressiveBackoffMetrics.create();
        metrics.bindTo(registry);

        List<Duration> paced = new ArrayList<>();
        RetryListener pacedWaits = event -> {
            if (event instanceof RetryEvent.Paced wait) {
                paced.add(wait.waited());
            }
        };

        // when
        try (TeacherClient client =
                client(wm, metrics).withTier("free").onEvent(pacedWaits).build()) {
            client.chat("one");
            client.chat("two");
        }

        // then
        assertThat(counter("requests")).isEqualTo(2);
        assertThat(counter("calls", "outcome", "succeeded", "reason", "none")).isEqualTo(2);
        assertThat(registry.get(ProgressiveBackoffMetrics.PREFIX + "wait")
                        .tags("kind", "pacer", "origin", "pacer")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(paced).hasSize(1);
        assertThat(paced.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(waited("pacer", "pacer")).isEqualTo(paced.get(0).toNanos() / 1e9);
        assertThat(registry.find(ProgressiveBackoffMetrics.PREFIX + "wait")
                        .tags("kind", "rate-limit")
                        .timer())
                .isNull();
    }

    @Test
    void countsACallEndingInAnIoFailureAfterTransportRetries(WireMockRuntimeInfo wm) {
        // given: a 429 asking for 2 s, then every connection reset; two transport retries allowed
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("reset"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ProgressiveBackoffMetrics metrics = ProgressiveBackoffMetrics.create();
        metrics.bindTo(registry);

        // when
        try (TeacherClient client =
                client(wm, metrics).withMaxTransportRetries(2).build()) {
            assertThatThrownBy(() -> client.chat("Hi")).isInstanceOf(TransportException.class);
        }

        // then: the 429, then three sends cut off (the first and two transport retries)
        assertThat(counter("requests")).isEqualTo(4);
        assertThat(counter("retries", "kind", "rate-limit")).isEqualTo(1);
        assertThat(counter("retries", "kind", "transport")).isEqualTo(2);
        assertThat(counter("calls", "outcome", "gave-up", "reason", "transport-failure"))
                .isEqualTo(1);
        assertThat(counter("rate.limited", "source", "retry-after", "origin", "header", "tier", "tier1"))
                .isEqualTo(1);
        assertThat(registry.find(ProgressiveBackoffMetrics.PREFIX + "rate.limited")
                        .tags("source", "none")
                        .counter())
                .isNull();
        assertThat(waited("rate-limit", "header")).isEqualTo(2.0);
        assertThat(waited("transport", "policy")).isEqualTo(6.0);
        verify(exactly(4), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void countsTheRequestsOfATierDetectionAndAHealthCheck(WireMockRuntimeInfo wm) {
        // given: the detection's GET /models answered 503, then 200 with the tier's headers; completions
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
        stubFor(post("/v1/chat/completions").willReturn(okJson(COMPLETION)));
        ProgressiveBackoffMetrics metrics = ProgressiveBackoffMetrics.create();
        metrics.bindTo(registry);

        // when: the first call detects the tier first; then a health check
        try (TeacherClient client = client(wm, metrics).withTier("auto").build()) {
            client.chat("Hi");
            assertThat(counter("requests")).isEqualTo(3);
            assertThat(client.healthCheck().healthy()).isTrue();
        }

        // then: the detection's two requests, the call's one, the health check's one
        assertThat(counter("requests")).isEqualTo(4);
        assertThat(counter("retries", "kind", "transport")).isEqualTo(1);
        assertThat(counter("calls", "outcome", "succeeded", "reason", "none")).isEqualTo(1);
        assertThat(waited("transport", "policy")).isEqualTo(2.0);
        verify(exactly(3), getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void countsTheGiveUpAndItsLast429WithItsTierOnABareRetryLoop() {
        // given: a loop whose policy allows one retry; every answer a 429 without hints
        ProgressiveBackoffMetrics metrics = ProgressiveBackoffMetrics.create();
        metrics.bindTo(registry);
        RateLimitRetryLoop loop = RateLimitRetryLoop.builder()
                .withPolicy(TierAwareExponentialBackoff.withOptions(PolicyOptions.DEFAULTS.withMaxRetries(1)))
                .withTier(Tier.of("custom", 60, 1))
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(metrics)
                .build();

        // when
        assertThatThrownBy(() -> loop.execute(attempt -> ExchangeResult.withoutValue(Signals.rateLimited())))
                .isInstanceOf(RetriesExhaustedException.class);

        // then
        assertThat(counter("requests")).isEqualTo(2);
        assertThat(counter("rate.limited", "source", "tier-backoff", "origin", "policy", "tier", "custom"))
                .isEqualTo(1);
        assertThat(counter("rate.limited", "source", "none", "origin", "none", "tier", "custom"))
                .isEqualTo(1);
        assertThat(counter("calls", "outcome", "gave-up", "reason", "retries-exhausted"))
                .isEqualTo(1);
        assertThat(waited("rate-limit", "policy"))
                .isEqualTo(clock.sleeps().get(0).toNanos() / 1e9);
    }

    private void scriptedServer() {
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("503"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("503")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3"))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(COMPLETION)));
    }

    private TeacherClientBuilder client(WireMockRuntimeInfo wm, ProgressiveBackoffMetrics metrics) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey("sk-metrics-secret")
                .withTier("tier1")
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(metrics)
                .onTransportRetry(metrics);
    }

    private double counter(String name, String... tags) {
        return registry.get(ProgressiveBackoffMetrics.PREFIX + name)
                .tags(tags)
                .counter()
                .count();
    }

    private double waited(String kind, String origin) {
        return registry.get(ProgressiveBackoffMetrics.PREFIX + "wait")
                        .tags("kind", kind, "origin", origin)
                        .timer()
                        .totalTime(TimeUnit.NANOSECONDS)
                / 1e9;
    }

    private double gauge(String name, String... tags) {
        return registry.get(ProgressiveBackoffMetrics.PREFIX + name)
                .tags(tags)
                .gauge()
                .value();
    }
}
