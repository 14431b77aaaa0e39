package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API key must not appear in any log line, exception message or toString, even when a server echoes it. */
@WireMockTest
class ApiKeyRedactionTest {

    private static final String KEY = "sk-secret-redaction-7d2a";

    @Test
    void theApiKeyNeverAppearsInLogsExceptionsOrToString(WireMockRuntimeInfo wm) throws Exception {
        // given: a server that echoes the key back in its error messages
        stubFor(post("/v1/chat/completions")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                                + "\",\"type\":\"invalid_request_error\"," + "\"code\":\"" + KEY + "\"}}")));
        stubFor(get("/v1/models")
                .willReturn(aResponse().withStatus(500).withBody("<html><body>bad key " + KEY + "</body></html>")));
        stubFor(post("/v2/chat/completions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        FakeClock clock = FakeClock.advancingOnSleep();
        List<String> lines = new ArrayList<>();
        LogCapture log = LogCapture.start();
        List<String> seen = new ArrayList<>();

        // when
        try (TeacherClient client = TeacherClient.builder()
                        .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                        .withApiKey(KEY)
                        .withTier("free")
                        .withMaxTransportRetries(1)
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .onLogLine(lines::add)
                        .build();
                TeacherClient broken = TeacherClient.builder()
                        .withEndpoint(wm.getHttpBaseUrl() + "/v2")
                        .withApiKey(KEY)
                        .withTier("free")
                        .withMaxTransportRetries(1)
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .onLogLine(lines::add)
                        .build()) {
            seen.add(describe(catchThrowable(() -> client.chat("Hi"))));
            seen.add(String.valueOf(client.healthCheck()));
            seen.add(describe(catchThrowable(() -> broken.chat("Hi"))));
            seen.add(client.toString());
            seen.add(String.valueOf(client.settings()));
        }
        seen.add(String.valueOf(ApiKey.of(KEY)));

        // then
        assertThat(lines).isNotEmpty();
        assertThat(log.text()).contains("[TeacherClient]").doesNotContain(KEY);
        assertThat(lines).noneMatch(line -> line.contains(KEY));
        assertThat(seen).hasSize(6).noneMatch(text -> text.contains(KEY));
        assertThat(seen.get(0)).contains("Incorrect API key provided: ***");
    }

    @Test
    void anApiKeyWithWhitespaceIsRejectedWithoutRepeatingIt() {
        Throwable failure = catchThrowable(() -> ApiKey.of("sk-abc def"));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sk-abc");
    }

    private static String describe(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return failure + "\n" + trace;
    }
}
