package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ScriptedServer;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's retries are off through the adapter ({@code maxRetries(0)}), so the toolkit retries what they did: 5xx,
 * 408 and connection failures, by the transport's rules (2 s, 4 s, ... or the server's {@code Retry-After}), waited
 * on the fake clock (blocking) or its scheduler (async), against a scripted server on loopback. Pacing is off: only
 * the retry waits move the clock.
 */
class OpenAiJavaTransientRetryTest {

    static final String KEY = "sk-openai-transient-test-0123456789";
    static final String COMPLETION = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Two.\"},"
            + "\"finish_reason\":\"stop\",\"logprobs\":null}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";
    static final String UNAVAILABLE = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

    final FakeClock clock = FakeClock.advancingOnSleep();
    final ClockScheduler scheduler = new ClockScheduler(clock);
    final List<TransportRetryEvent> retries = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    ScriptedServer server;
    OpenAIClient openai;

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        if (openai != null) {
            openai.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private OpenAIClient client(ScriptedServer.Answer answer) throws IOException {
        server = ScriptedServer.start(answer);
        openai = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(server.baseUri() + "/v1")
                .timeSource(clock)
                .sleeper(clock)
                .scheduler(scheduler)
                .onLogLine(lines::add)
                .toolkit(b -> b.withPace(false).onTransportRetry(retries::add))
                .build();
        return openai;
    }

    private static ChatCompletionCreateParams prompt() {
        return ChatCompletionCreateParams.builder()
                .model("m")
                .addUserMessage("Name a prime number.")
                .build();
    }

    private static void write(OutputStream out, int status, String body, String... headers) throws IOException {
        out.write(ScriptedServer.response(status, body, headers));
    }

    @Test
    void a503Then503WithRetryAfterThen200IsAnsweredAfterTheDocumentedWaits() throws Exception {
        client((index, head, out) -> {
            switch (index) {
                case 0 -> write(out, 503, UNAVAILABLE, "Content-Type: application/json");
                case 1 -> write(out, 503, UNAVAILABLE, "Content-Type: application/json", "Retry-After: 7");
                default -> write(out, 200, COMPLETION, "Content-Type: application/json");
            }
        });
        {
            String answer = openai.chat()
                    .completions()
                    .create(prompt())
                    .choices()
                    .get(0)
                    .message()
                    .content()
                    .orElseThrow();
            assertThat(answer).isEqualTo("Two.");
        }
        assertThat(server.requests()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(7));
        assertThat(retries)
                .extracting(TransportRetryEvent::retry, TransportRetryEvent::status, TransportRetryEvent::source)
                .containsExactly(
                        tuple(1, OptionalInt.of(503), WaitSource.TRANSPORT_BACKOFF),
                        tuple(2, OptionalInt.of(503), WaitSource.RETRY_AFTER));
        assertThat(lines)
                .contains(
                        "[TeacherClient] Server error (HTTP 503), waiting 2.0s before transport retry 1/5",
                        "[TeacherClient] Server error (HTTP 503), waiting 7.0s before transport retry 2/5 (retry-after)");
    }

    @Test
    void aConnectionResetIsRetriedAfterTheTransportBackoff() throws Exception {
        client((index, head, out) -> {
            if (index == 0) {
                ScriptedServer.reset();
            }
            write(out, 200, COMPLETION, "Content-Type: application/json");
        });
        {
            assertThat(openai.chat().completions().create(prompt()).choices()).hasSize(1);
        }
        assertThat(server.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(retries)
                .singleElement()
                .satisfies(retry -> assertThat(retry.status()).isEmpty());
    }

    @Test
    void a400IsNotRetried() throws Exception {
        client((index, head, out) -> write(
                out,
                400,
                "{\"error\":{\"message\":\"bad model\",\"type\":\"invalid_request_error\"}}",
                "Content-Type: application/json"));
        {
            assertThatThrownBy(() -> openai.chat().completions().create(prompt()))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("bad model");
        }
        assertThat(server.requests()).isEqualTo(1);
        assertThat(retries).isEmpty();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void theAsyncClientSchedulesItsTransientRetriesInsteadOfSleeping() throws Exception {
        client((index, head, out) -> {
            if (index == 0) {
                write(out, 502, UNAVAILABLE, "Content-Type: application/json");
            } else if (index == 1) {
                ScriptedServer.reset();
            } else {
                write(out, 200, COMPLETION, "Content-Type: application/json");
            }
        });
        {
            assertThat(openai.async()
                            .chat()
                            .completions()
                            .create(prompt())
                            .get(30, TimeUnit.SECONDS)
                            .choices())
                    .hasSize(1);
        }
        assertThat(server.requests()).isEqualTo(3);
        assertThat(clock.sleeps())
                .as("no thread slept: the waits were scheduled")
                .isEmpty();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2 + 4));
        assertThat(retries)
                .extracting(TransportRetryEvent::delay)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
}
