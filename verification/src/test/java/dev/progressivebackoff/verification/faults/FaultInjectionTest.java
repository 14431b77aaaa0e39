package dev.progressivebackoff.verification.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientException;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.simulator.Fault;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import dev.progressivebackoff.transport.httpclient5.ResponseTooLargeException;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import dev.progressivebackoff.verification.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each fault the simulated provider injects, met by the real {@link TeacherClient}: what is retryable is
 * retried until it works, what is not fails at once with a clear message. Transport waits run on the
 * simulated clock; the provider runs in real time on loopback.
 */
class FaultInjectionTest {

    private static final String KEY = "sk-fault-test-0123456789";

    private final SimulatedClock clock = new SimulatedClock();
    private final List<String> logLines = new ArrayList<>();

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;

    @Test
    void aBurstOf5xxIsRetriedByTheTransportUntilTheCallSucceeds() {
        // given bursts of three 5xx on about a third of the requests
        start(SimulatedProvider.builder()
                .withFault(Fault.SERVER_ERROR_BURST, 0.3)
                .withBurstLength(3));

        // when
        List<ChatResponse> answers = chat(20, settings -> settings.withMaxTransportRetries(10));

        // then
        assertThat(answers)
                .hasSize(20)
                .allSatisfy(answer -> assertThat(answer.content()).isNotBlank());
        assertThat(provider.faultsInjected().get(Fault.SERVER_ERROR_BURST)).isGreaterThanOrEqualTo(3);
        assertThat(provider.stats().serverErrors())
                .isEqualTo(provider.faultsInjected().get(Fault.SERVER_ERROR_BURST));
        assertThat(provider.stats().completions()).isEqualTo(20);
        assertThat(clock.sleeps()).hasSize((int) provider.stats().serverErrors());
    }

    @Test
    void endless5xxFailClearlyWithTheStatusOnceTheTransportRetriesAreSpent() {
        start(SimulatedProvider.builder().withFault(Fault.SERVER_ERROR_BURST, 1.0));

        try (TeacherClient client = client(settings -> settings.withMaxTransportRetries(2))) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .hasMessageContaining("The engine is currently overloaded")
                    .satisfies(e ->
                            assertThat(((NotRetryableException) e).status()).isIn(500, 502, 503, 504));
        }
        assertThat(provider.stats().requests()).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionIsRetried() {
        start(SimulatedProvider.builder().withFault(Fault.CONNECTION_RESET, 0.4));

        List<ChatResponse> answers = chat(15, settings -> settings.withMaxTransportRetries(10));

        assertThat(answers).hasSize(15);
        assertThat(provider.faultsInjected().get(Fault.CONNECTION_RESET)).isPositive();
    }

    @Test
    void aConnectionDroppedEveryTimeFailsWithTheIoErrorAfterTheRetries() {
        start(SimulatedProvider.builder().withFault(Fault.CONNECTION_RESET, 1.0));

        try (TeacherClient client = client(settings -> settings.withMaxTransportRetries(2))) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("failed after 3 attempt(s)")
                    .hasMessageContaining("NoHttpResponseException");
        }
        assertThat(provider.stats().requests()).isEqualTo(3);
    }

    @Test
    void anAnswerSlowerThanTheResponseTimeoutIsAbandonedAndRetried() {
        // given answers that sometimes take 10 s, and a client that waits 300 ms
        start(SimulatedProvider.builder()
                .withFault(Fault.SLOW_RESPONSE, 0.5)
                .withSlowResponseDelay(Duration.ofSeconds(10)));

        // when
        List<ChatResponse> answers =
                chat(6, settings -> settings.withMaxTransportRetries(10).withResponseTimeout(Duration.ofMillis(300)));

        // then
        assertThat(answers).hasSize(6);
        assertThat(provider.faultsInjected().get(Fault.SLOW_RESPONSE)).isPositive();
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("SocketTimeoutException"));
    }

    @Test
    void anAnswerAlwaysSlowerThanTheResponseTimeoutFailsWithATimeout() {
        start(SimulatedProvider.builder()
                .withFault(Fault.SLOW_RESPONSE, 1.0)
                .withSlowResponseDelay(Duration.ofSeconds(10)));

        try (TeacherClient client =
                client(settings -> settings.withMaxTransportRetries(1).withResponseTimeout(Duration.ofMillis(200)))) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("failed after 2 attempt(s)")
                    .hasMessageContaining("SocketTimeoutException");
        }
    }

    @Test
    void aCompleteOkResponseWithMalformedJsonFailsAtOnceSayingSo() {
        start(SimulatedProvider.builder().withFault(Fault.MALFORMED_JSON, 1.0));

        try (TeacherClient client = client(UnaryOperator.identity())) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(TeacherClientException.class)
                    .hasMessageContaining("is not JSON")
                    .hasMessageContaining("chatcmpl-sim-broken");
        }
        assertThat(provider.stats().requests()).isEqualTo(1);
    }

    @Test
    void aBodyCutShortByTheConnectionIsRetried() {
        start(SimulatedProvider.builder().withFault(Fault.TRUNCATED_JSON, 0.5));

        List<ChatResponse> answers = chat(10, settings -> settings.withMaxTransportRetries(10));

        assertThat(answers).hasSize(10);
        assertThat(provider.faultsInjected().get(Fault.TRUNCATED_JSON)).isPositive();
        assertThat(clock.sleeps())
                .hasSize(provider.faultsInjected().get(Fault.TRUNCATED_JSON).intValue());
    }

    @Test
    void aBodyAlwaysCutShortFailsWithTheIoErrorAfterTheRetries() {
        start(SimulatedProvider.builder().withFault(Fault.TRUNCATED_JSON, 1.0));

        try (TeacherClient client = client(settings -> settings.withMaxTransportRetries(1))) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("failed after 2 attempt(s)")
                    .hasMessageContaining("Premature end of Content-Length delimited message body");
        }
    }

    @Test
    void anHtmlErrorPageIsRetriedAndThenReportedAsReadableText() {
        start(SimulatedProvider.builder().withFault(Fault.HTML_ERROR_PAGE, 1.0));

        try (TeacherClient client = client(settings -> settings.withMaxTransportRetries(2))) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(NotRetryableException.class)
                    .hasMessageContaining("502 Bad Gateway")
                    .hasMessageNotContaining("<html>")
                    .hasMessageNotContaining("<center>")
                    .satisfies(e ->
                            assertThat(((NotRetryableException) e).status()).isEqualTo(502));
        }
        assertThat(provider.stats().requests()).isEqualTo(3);
    }

    @Test
    void anEmptyOkBodyFailsAtOnceSayingSo() {
        start(SimulatedProvider.builder().withFault(Fault.EMPTY_BODY, 1.0));

        try (TeacherClient client = client(UnaryOperator.identity())) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(TeacherClientException.class)
                    .hasMessage("the chat completion response has an empty body");
        }
        assertThat(provider.stats().requests()).isEqualTo(1);
    }

    @Test
    void aBodyOverTheConfiguredCapIsCutOffAndNotRetried() {
        // given a 4 MiB answer and a client that reads at most 256 KiB
        start(SimulatedProvider.builder().withFault(Fault.HUGE_BODY, 1.0).withHugeBodyBytes(4L * 1024 * 1024));

        try (TeacherClient client = client(settings -> settings.withMaxResponseBytes(256 * 1024))) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("exceeds the maximum of 262144 bytes (maxResponseBytes)");
        }
        assertThat(provider.stats().requests()).isEqualTo(1);
    }

    @Test
    void aLargeBodyUnderTheConfiguredCapIsRead() {
        start(SimulatedProvider.builder().withFault(Fault.HUGE_BODY, 1.0).withHugeBodyBytes(300 * 1024));

        try (TeacherClient client = client(settings -> settings.withMaxResponseBytes(512 * 1024))) {
            assertThat(client.chat("Hi").content()).hasSizeGreaterThan(290 * 1024);
        }
    }

    @Test
    void theDefaultCapStopsTheDefaultHugeBody() {
        start(SimulatedProvider.builder().withFault(Fault.HUGE_BODY, 1.0));

        try (TeacherClient client = client(UnaryOperator.identity())) {
            assertThatThrownBy(() -> client.chat("Hi"))
                    .isInstanceOf(ResponseTooLargeException.class)
                    .hasMessageContaining("exceeds the maximum of " + TransportSettings.DEFAULT_MAX_RESPONSE_BYTES);
        }
    }

    private void start(SimulatedProvider.Builder builder) {
        provider = providers.start(builder.withRpm(600_000).withMaxConcurrency(64));
    }

    private List<ChatResponse> chat(int times, UnaryOperator<TransportSettings.Builder> adjust) {
        List<ChatResponse> answers = new ArrayList<>();
        try (TeacherClient client = client(adjust)) {
            for (int i = 0; i < times; i++) {
                answers.add(client.chat("Question " + i));
            }
        }
        return answers;
    }

    private TeacherClient client(UnaryOperator<TransportSettings.Builder> adjust) {
        // pacing off: these tests count the transport's own waits on the shared clock, not the pacer's
        ClientSettings settings = ClientSettings.builder()
                .withEndpoint(provider.baseUri().toString())
                .withRateLimit(RateLimitSettings.builder()
                        .withTier("tier5")
                        .withSkipTierDetection(true)
                        .withPace(false)
                        .build())
                .withTransport(adjust.apply(TransportSettings.builder()).build())
                .build();
        return TeacherClient.builder()
                .withSettings(settings)
                .withApiKey(KEY)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onLogLine(logLines::add)
                .build();
    }
}
