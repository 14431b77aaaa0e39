package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's typed overloads: a {@link Tier} and a {@link BackoffPolicy} given as objects. */
@WireMockTest
class TeacherClientTypedSettingsTest {

    private static final String COMPLETION = "{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":"
            + "\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private TeacherClientBuilder client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey("sk-typed-test")
                .withTimeSource(clock)
                .withSleeper(clock)
                .withPace(false)
                .withSkipTierDetection(true);
    }

    @Test
    void aPolicyGivenAsAnObjectDecidesEveryWait(WireMockRuntimeInfo wm) {
        // given a server that always answers 429 without a hint, and a policy of two 7 s waits
        stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)));
        BackoffPolicy twoWaits = new BackoffPolicy() {
            @Override
            public BackoffDecision decide(RetryContext context) {
                return BackoffDecision.retryAfter(Duration.ofSeconds(7), WaitSource.TIER_BACKOFF);
            }

            @Override
            public int maxRetries() {
                return 2;
            }
        };

        // when
        try (TeacherClient teacher =
                client(wm).withTier("tier1").withPolicy(twoWaits).build()) {
            assertThatThrownBy(() -> teacher.chat("Hi")).isInstanceOf(ProgressiveBackoffException.class);
        }

        // then: the object's waits, not tier1's 0.3 s schedule
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    }

    @Test
    void aTierGivenAsAnObjectSetsTheScheduleEvenIfTheCatalogDoesNotKnowIt(WireMockRuntimeInfo wm) {
        // given a 429 then a 200, and a tier of 30 RPM the Moonshot catalog does not have
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("answered"));
        stubFor(post("/v1/chat/completions")
                .inScenario("once")
                .whenScenarioStateIs("answered")
                .willReturn(okJson(COMPLETION)));
        Tier custom = Tier.of("team-30", 30);

        // when
        try (TeacherClient teacher = client(wm).withTier(custom).build()) {
            teacher.chat("Hi");
        }

        // then: the first wait is that tier's base delay
        assertThat(clock.sleeps()).containsExactly(custom.baseDelay());
    }
}
