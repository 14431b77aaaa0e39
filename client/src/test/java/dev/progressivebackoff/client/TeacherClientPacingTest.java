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

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The client sends every attempt through the pacer of its key: on by default, shared through a registry. */
@WireMockTest
class TeacherClientPacingTest {

    private static final String KEY = TeacherClientTest.KEY;

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

    private Duration slept() {
        return clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void spacesTwoCallsAtTheTiersRateByDefault(WireMockRuntimeInfo wm) {
        // given a free-tier client (3 RPM, one request every 20 s)
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when two calls follow each other
        try (TeacherClient client = client(wm).withTier("free").build()) {
            client.chat("one");
            client.chat("two");

            // then the second waited for its start (20 s and a margin of 1 ms + 0.5 %); the pacer paces at the tier
            assertThat(client.pacerState().pacing()).isTrue();
            assertThat(client.pacerState().requestsPerMinute()).isEqualTo(3);
            assertThat(client.pacerState().maxConcurrency()).isEqualTo(OptionalInt.of(1));
        }
        assertThat(slept()).isEqualTo(Duration.ofMillis(20_101));
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void withoutPacingTheCallsGoBackToBack(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        try (TeacherClient client = client(wm).withTier("free").withPace(false).build()) {
            client.chat("one");
            client.chat("two");

            // then
            assertThat(client.pacerState()).isEqualTo(PacerState.UNPACED);
        }
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void noPaceWinsOverAGivenRegistry(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));
        PacerRegistry registry = PacerRegistry.create(clock, clock);

        // when
        try (TeacherClient client = client(wm)
                .withTier("free")
                .withPacerRegistry(registry)
                .withPace(false)
                .build()) {
            client.chat("one");
            client.chat("two");
        }

        // then
        assertThat(clock.sleeps()).isEmpty();
        assertThat(registry.keys()).isEmpty();
    }

    @Test
    void clientsBuiltWithOneRegistryShareOnePacerPerKey(WireMockRuntimeInfo wm) {
        // given two clients on the same endpoint and key, and one registry
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));
        PacerRegistry registry = PacerRegistry.create(clock, clock);

        // when each sends one call
        try (TeacherClient first =
                        client(wm).withTier("free").withPacerRegistry(registry).build();
                TeacherClient second =
                        client(wm).withTier("free").withPacerRegistry(registry).build()) {
            first.chat("one");
            second.chat("two");
        }

        // then the second client's call waited for the first's slot, under the key's fingerprint
        assertThat(slept()).isEqualTo(Duration.ofMillis(20_101));
        assertThat(registry.keys()).containsExactly(RateLimitKey.of(wm.getHttpBaseUrl() + "/v1", KEY));
        assertThat(registry.keys().toString()).doesNotContain(KEY);
    }

    @Test
    void clientsWithTheirOwnRegistriesDoNotWaitForEachOther(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        try (TeacherClient first = client(wm).withTier("free").build();
                TeacherClient second = client(wm).withTier("free").build()) {
            first.chat("one");
            second.chat("two");
        }

        // then
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anRpmSettingSetsTheRateEvenWhenHeadersRevealAnotherTier(WireMockRuntimeInfo wm) {
        // given 60 RPM configured, and a server announcing 3 RPM
        stubFor(post("/v1/chat/completions")
                .willReturn(okJson(TeacherClientTest.COMPLETION).withHeader("x-ratelimit-limit-requests", "3")));

        // when
        try (TeacherClient client = client(wm)
                .withSettings(ClientSettings.builder()
                        .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                        .withRateLimit(RateLimitSettings.builder().withRpm(60).build())
                        .build())
                .build()) {
            client.chat("one");
            client.chat("two");

            // then the calls are a second apart, with the detected tier's concurrency cap
            assertThat(client.pacerState().requestsPerMinute()).isEqualTo(60);
            assertThat(client.pacerState().maxConcurrency()).isEqualTo(OptionalInt.of(1));
        }
        assertThat(slept()).isEqualTo(Duration.ofMillis(1_006));
    }

    @Test
    void withDetectionSkippedAPerSecondQuotaHeaderNeverReplacesTheGivenRate(WireMockRuntimeInfo wm) {
        // given 300 RPM given with detection skipped, and a per-second limiter that sends OpenAI's per-minute
        // header family: 5 requests, reset in 734 ms (read as a minute, that would be a 5 RPM tier with a 12 s
        // backoff)
        stubFor(post("/v1/chat/completions")
                .willReturn(okJson(TeacherClientTest.COMPLETION)
                        .withHeader("x-ratelimit-limit-requests", "5")
                        .withHeader("x-ratelimit-remaining-requests", "4")
                        .withHeader("x-ratelimit-reset-requests", "734ms")));

        // when
        try (TeacherClient client = client(wm)
                .withSettings(ClientSettings.builder()
                        .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                        .withRateLimit(RateLimitSettings.builder()
                                .withRpm(300)
                                .withSkipTierDetection(true)
                                .build())
                        .build())
                .build()) {
            client.chat("one");

            // then the tier and its backoff stay those of 300 RPM, and no tier is announced
            assertThat(client.tier().requestsPerMinute()).isEqualTo(300);
            assertThat(client.tier().baseDelay()).isEqualTo(Duration.ofMillis(200));
            assertThat(client.pacerState().requestsPerMinute()).isEqualTo(300);
        }
        assertThat(lines).noneMatch(line -> line.contains("Detected tier"));
    }

    @Test
    void withTierAutoPacingStartsOnceAResponseRevealsTheTier(WireMockRuntimeInfo wm) {
        // given a server that says nothing about its limits
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        try (TeacherClient client =
                client(wm).withTier("auto").withSkipTierDetection(true).build()) {
            client.chat("one");
            client.chat("two");

            // then nothing is paced at a guessed tier
            assertThat(client.pacerState().pacing()).isFalse();
        }
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void withTierAutoTheDetectedTierIsPacedFromTheNextCall(WireMockRuntimeInfo wm) {
        // given a server announcing 3 RPM
        stubFor(post("/v1/chat/completions")
                .willReturn(okJson(TeacherClientTest.COMPLETION).withHeader("x-ratelimit-limit-requests", "3")));

        // when
        try (TeacherClient client =
                client(wm).withTier("auto").withSkipTierDetection(true).build()) {
            client.chat("one");
            client.chat("two");

            // then
            assertThat(client.pacerState().requestsPerMinute()).isEqualTo(3);
        }
        assertThat(slept()).isEqualTo(Duration.ofMillis(20_101));
    }

    @Test
    void a429CoolsDownTheSharedPacerAndSlowsItDown(WireMockRuntimeInfo wm) {
        // given one 429, then success
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(TeacherClientTest.COMPLETION)));
        PacerRegistry registry = PacerRegistry.create(clock, clock);

        // when
        try (TeacherClient client =
                client(wm).withTier("tier1").withPacerRegistry(registry).build()) {
            client.chat("Hi");
        }

        // then the retry waited the documented 0.3 s, and the key's pacer was told: it is slowed down
        PacerState state = registry.find(RateLimitKey.of(wm.getHttpBaseUrl() + "/v1", KEY))
                .orElseThrow()
                .state();
        assertThat(state.slowdown()).isGreaterThan(1.0);
        assertThat(clock.sleeps()).first().isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void everyWaitIsAnEventThePacersAsWellAsThePolicys(WireMockRuntimeInfo wm) {
        // given one 429, then success, at tier1 (200 RPM: starts 0.3 s apart, a 0.3 s first backoff)
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(TeacherClientTest.COMPLETION)));
        List<RetryEvent> events = new ArrayList<>();

        // when
        try (TeacherClient client =
                client(wm).withTier("tier1").onEvent(events::add).build()) {
            client.chat("one");
            client.chat("two");
        }

        // then the listener was told of every wait: the policy's 0.3 s and each of the pacer's, adding up to all
        // the time slept
        List<Duration> paced = events.stream()
                .filter(RetryEvent.Paced.class::isInstance)
                .map(event -> ((RetryEvent.Paced) event).waited())
                .toList();
        Duration policy = events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(event -> ((RetryEvent.RateLimited) event).delay())
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(policy).isEqualTo(Duration.ofMillis(300));
        assertThat(paced).isNotEmpty().allSatisfy(wait -> assertThat(wait).isPositive());
        assertThat(paced.stream().reduce(policy, Duration::plus)).isEqualTo(slept());
        assertThat(lines).noneMatch(line -> line.contains("Paced"));
    }

    @Test
    void aHealthCheckBeforeTheFirstCallDetectsTheTierOnceAndLogsItOnce(WireMockRuntimeInfo wm) {
        // given
        stubFor(get("/v1/models").willReturn(okJson("{\"data\":[]}").withHeader("x-ratelimit-limit-requests", "200")));
        stubFor(post("/v1/chat/completions")
                .willReturn(okJson(TeacherClientTest.COMPLETION).withHeader("x-ratelimit-limit-requests", "200")));

        // when
        try (TeacherClient client = client(wm).withTier("auto").build()) {
            client.healthCheck();
            client.chat("one");
            client.chat("two");
        }

        // then
        assertThat(lines)
                .filteredOn(line -> line.contains("Detected tier"))
                .containsExactly("[TeacherClient] Detected tier: tier1 (RPM: 200, delay: 0.3s)");
        verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")));
    }
}
