package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.testsupport.FakeClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Virtual-thread friendliness: no monitor ({@code synchronized}) is held where the client waits or does network I/O
 * — each sleep, each pacer acquisition (the tier detection's pacer creation included) and each send, checked on
 * the thread doing it through {@link java.lang.management.ThreadMXBean#getThreadInfo(long[], boolean, boolean)}.
 */
@WireMockTest
class NoMonitorHeldTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();

    @Test
    void noMonitorIsHeldWhileDetectingTheTierPacingSendingOrWaiting(WireMockRuntimeInfo wm) {
        // given tier auto (a detection first), a 429 and then completions
        stubFor(get("/v1/models")
                .willReturn(okJson("{\"data\":[]}")
                        .withHeader("x-ratelimit-limit-requests", "200")
                        .withHeader("x-ratelimit-remaining-requests", "199")));
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(TeacherClientTest.COMPLETION)));
        Sleeper checkingSleeper = duration -> {
            check("sleep");
            clock.sleep(duration);
        };

        // when a blocking and an asynchronous call run
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(TeacherClientTest.KEY)
                .withTier("auto")
                .withTimeSource(clock)
                .withSleeper(checkingSleeper)
                .withPacerRegistry(PacerRegistry.create(tier -> new Checking(Pacer.builder()
                        .withTier(tier)
                        .withTimeSource(clock)
                        .withSleeper(checkingSleeper)
                        .build())))
                .build()) {
            client.chat("Hi");
            client.chatAsync("Hi again").join();
        }

        // then every check passed: the detection's pacer start, two sleeps at least, each acquisition and send
        assertThat(violations).isEmpty();
        assertThat(checks.get()).isGreaterThanOrEqualTo(6);
    }

    private void check(String where) {
        checks.incrementAndGet();
        MonitorInfo[] held = ManagementFactory.getThreadMXBean()
                .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false)[0]
                .getLockedMonitors();
        if (held.length > 0) {
            violations.add(where + " holding " + Arrays.toString(held) + " at " + held[0].getLockedStackFrame());
        }
    }

    /** A pacer that checks, at each acquisition and send, that its caller holds no monitor. */
    private final class Checking implements Pacer {
        private final Pacer pacer;

        Checking(Pacer pacer) {
            this.pacer = pacer;
        }

        @Override
        public Permit acquire() throws InterruptedException {
            return acquire(0);
        }

        @Override
        public Permit acquire(long estimatedTokens) throws InterruptedException {
            check("acquire");
            Permit permit = pacer.acquire(estimatedTokens);
            return new Permit() {
                @Override
                public void markSent() {
                    check("send");
                    permit.markSent();
                }

                @Override
                public void close() {
                    permit.close();
                }
            };
        }

        @Override
        public void adoptTier(Tier tier) {
            pacer.adoptTier(tier);
        }

        @Override
        public void adoptRpm(int requestsPerMinute) {
            pacer.adoptRpm(requestsPerMinute);
        }

        @Override
        public void observe(RateLimitSignals signals) {
            pacer.observe(signals);
        }

        @Override
        public void coolDown(Duration duration) {
            pacer.coolDown(duration);
        }

        @Override
        public PacerState state() {
            return pacer.state();
        }
    }
}
