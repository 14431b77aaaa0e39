package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every {@code onX} of the builder adds a listener, and a listener that throws never changes the outcome of the
 * call: its exception is logged at WARN, naming its class, and ignored.
 */
@WireMockTest
class TeacherClientListenerTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();

    @Test
    void throwingListenersOfEveryKindLeaveTheCallAsItWouldHaveBeen(WireMockRuntimeInfo wm) throws Exception {
        // given: a 503, a 429, then the completion; every kind of listener twice, a throwing one in between
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("429"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("429")
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("ok"));
        stubFor(post("/v1/chat/completions")
                .inScenario("s")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(TeacherClientTest.COMPLETION)));
        List<RetryEvent> events = new ArrayList<>();
        List<RetryEvent> laterEvents = new ArrayList<>();
        List<TransportRetryEvent> retries = new ArrayList<>();
        List<TransportRetryEvent> laterRetries = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> laterLines = new ArrayList<>();
        LogCapture log = LogCapture.start();

        // when
        ChatResponse response;
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey("sk-listeners")
                .withTier("free")
                .withPace(false)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(events::add)
                .onEvent(new ThrowingRetryListener())
                .onEvent(laterEvents::add)
                .onTransportRetry(retries::add)
                .onTransportRetry(new ThrowingTransportListener())
                .onTransportRetry(laterRetries::add)
                .onLogLine(lines::add)
                .onLogLine(new ThrowingLineListener())
                .onLogLine(laterLines::add)
                .build()) {
            response = client.chat("Hi");
        }

        // then
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.rateLimitRetries()).isEqualTo(1);
        assertThat(events).isNotEmpty().isEqualTo(laterEvents);
        assertThat(retries).hasSize(1).isEqualTo(laterRetries);
        assertThat(lines).isNotEmpty().isEqualTo(laterLines);
        assertThat(log.lines())
                .filteredOn(line -> line.contains("WARN"))
                .anyMatch(line -> line.contains(ThrowingRetryListener.class.getName()))
                .anyMatch(line -> line.contains(ThrowingTransportListener.class.getName()))
                .anyMatch(line -> line.contains(ThrowingLineListener.class.getName()));
    }

    private static final class ThrowingRetryListener implements RetryListener {
        @Override
        public void onEvent(RetryEvent event) {
            throw new IllegalStateException("retry listener bug");
        }
    }

    private static final class ThrowingTransportListener implements TransportRetryListener {
        @Override
        public void onRetry(TransportRetryEvent event) {
            throw new IllegalStateException("transport listener bug");
        }
    }

    private static final class ThrowingLineListener implements Consumer<String> {
        @Override
        public void accept(String line) {
            throw new IllegalStateException("line listener bug");
        }
    }
}
