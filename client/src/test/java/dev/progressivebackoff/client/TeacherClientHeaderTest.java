package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import dev.progressivebackoff.testsupport.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TeacherClientBuilder#withHeader}: the header reaches a real loopback server; credentials are refused. */
@WireMockTest
class TeacherClientHeaderTest {

    private static final String KEY = "sk-header-test-7d2a";

    private final FakeClock clock = FakeClock.advancingOnSleep();

    @Test
    void everyRequestOfTheClientCarriesTheHeaderBesideTheBearerToken(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));
        stubFor(get("/v1/models").willReturn(okJson("{\"data\":[]}")));

        // when
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTier("tier1")
                .withTimeSource(clock)
                .withSleeper(clock)
                .withHeader("X-Bench-Run", "first")
                .withHeader("x-bench-run", "paced")
                .build()) {
            client.chat("Hi");
            client.chat("Again");
            client.healthCheck();
        }

        // then the later value replaced the earlier one, on the chat requests and on the GET alike
        verify(
                exactly(2),
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("X-Bench-Run", equalTo("paced"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY)));
        verify(exactly(1), getRequestedFor(urlEqualTo("/v1/models")).withHeader("X-Bench-Run", equalTo("paced")));
        assertThat(wm.getWireMock().getServeEvents())
                .allSatisfy(event -> assertThat(event.getRequest()
                                .getHeaders()
                                .getHeader("X-Bench-Run")
                                .values())
                        .containsExactly("paced"));
    }

    @Test
    void withoutTheHeaderNoneIsSent(WireMockRuntimeInfo wm) {
        // given
        stubFor(post("/v1/chat/completions").willReturn(okJson(TeacherClientTest.COMPLETION)));

        // when
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTier("tier1")
                .withTimeSource(clock)
                .withSleeper(clock)
                .build()) {
            client.chat("Hi");
        }

        // then
        assertThat(wm.getWireMock().getServeEvents())
                .singleElement()
                .satisfies(event -> assertThat(event.getRequest().containsHeader("X-Bench-Run"))
                        .isFalse());
    }

    @Test
    void refusesAuthorizationAndLineBreaks() {
        TeacherClientBuilder builder = TeacherClient.builder();

        assertThatThrownBy(() -> builder.withHeader("Authorization", "Bearer sk-other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withApiKey")
                .hasMessageNotContaining("sk-other");
        assertThatThrownBy(() -> builder.withHeader("authorization", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.withHeader("X-Run", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR or LF")
                .hasMessageNotContaining("Injected");
        assertThatThrownBy(() -> builder.withHeader("X-Run\n", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> builder.withHeader(" ", "a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecretHeaderIsSentAndItsValueNeverReachesALogLineOrAnError(WireMockRuntimeInfo wm) {
        // given a server that echoes the credential in its error, and a client logging every line
        String secret = "gw-token-91f3c2e8";
        stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody(
                                "{\"error\":{\"message\":\"bad token " + secret + "\",\"type\":\"" + secret + "\"}}")));
        List<String> lines = new ArrayList<>();

        // when
        Throwable failure;
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(KEY)
                .withTier("tier1")
                .withTimeSource(clock)
                .withSleeper(clock)
                .withSecretHeader("X-Gateway-Token", secret)
                .onLogLine(lines::add)
                .build()) {
            failure = catchThrowable(() -> client.chat("Hi"));
        }

        // then the header went out, and the error and the log lines show *** in its place
        verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("X-Gateway-Token", equalTo(secret)));
        assertThat(failure).isInstanceOf(NotRetryableException.class).hasMessageContaining("bad token ***");
        assertThat(failure.getMessage()).doesNotContain(secret);
        assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(secret));
        assertThatThrownBy(() -> TeacherClient.builder().withSecretHeader("X-Gateway-Token", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the value of a secret header must not be blank");
    }
}
