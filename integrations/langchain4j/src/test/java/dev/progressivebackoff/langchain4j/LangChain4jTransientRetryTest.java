package dev.progressivebackoff.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ScriptedServer;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's {@code OpenAiChatModel} with its retries off: the guard retries 5xx by the toolkit's transport rules
 * (once each, not multiplied by a retrying transport), on the fake clock, with the toolkit's log lines and listeners.
 */
class LangChain4jTransientRetryTest {

    static final String KEY = "sk-langchain4j-transient-test-0123456789";
    static final String COMPLETION = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Two.\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";
    static final String UNAVAILABLE = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

    final FakeClock clock = FakeClock.advancingOnSleep();
    final List<TransportRetryEvent> retries = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();

    private ChatModel model(ScriptedServer server) {
        return OpenAiChatModel.builder()
                .baseUrl(server.baseUri() + "/v1")
                .apiKey(KEY)
                .modelName("m")
                .maxRetries(0)
                .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder()
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .onLogLine(lines::add)
                        .withToolkit(b -> b.withPace(false).onTransportRetry(retries::add)))
                .build();
    }

    @Test
    void a503Then503WithRetryAfterThen200IsAnsweredAfterTheDocumentedWaits() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((index, head, out) -> out.write(
                switch (index) {
                    case 0 -> ScriptedServer.response(503, UNAVAILABLE, "Content-Type: application/json");
                    case 1 ->
                        ScriptedServer.response(503, UNAVAILABLE, "Content-Type: application/json", "Retry-After: 7");
                    default -> ScriptedServer.response(200, COMPLETION, "Content-Type: application/json");
                }))) {
            assertThat(model(server).chat("Name a prime number.")).isEqualTo("Two.");
            assertThat(server.requests()).isEqualTo(3);
        }
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(7));
        assertThat(retries).extracting(TransportRetryEvent::retry).containsExactly(1, 2);
        assertThat(lines)
                .contains(
                        "[TeacherClient] Server error (HTTP 503), waiting 7.0s before transport retry 2/5 (retry-after)");
    }

    @Test
    void aPersistent500IsRetriedFiveTimesThenReported() throws Exception {
        Throwable failure;
        int requests;
        try (ScriptedServer server = ScriptedServer.start((index, head, out) ->
                out.write(ScriptedServer.response(500, UNAVAILABLE, "Content-Type: application/json")))) {
            failure = catchThrowable(() -> model(server).chat("Name a prime number."));
            requests = server.requests();
        }
        assertThat(failure).hasMessageContaining("overloaded");
        assertThat(requests)
                .as("1 + 5 retries, not multiplied by the transport's own")
                .isEqualTo(6);
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(32));
    }
}
