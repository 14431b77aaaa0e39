package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import dev.progressivebackoff.testsupport.ScriptedServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that echoes the request's {@code Authorization} header in its error body (as some proxies and providers
 * do) must not put the API key in the exception openai-java builds from that body, nor in a log line or event.
 */
class OpenAiJavaRedactionTest {

    static final String KEY = "sk-openai-redaction-test-0123456789";

    final FakeClock clock = FakeClock.advancingOnSleep();
    final ClockScheduler scheduler = new ClockScheduler(clock);
    final List<RetryEvent> events = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    ScriptedServer server;
    OpenAIClient openai;

    @AfterEach
    void stop() throws Exception {
        if (openai != null) {
            openai.close();
        }
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        server.close();
    }

    /** A server answering every request with {@code status} and a body quoting the request's Authorization. */
    private void echoing(int status) throws IOException {
        server = ScriptedServer.start((index, head, out) -> out.write(ScriptedServer.response(
                status,
                "{\"error\":{\"message\":\"Incorrect API key provided: "
                        + ScriptedServer.header(head, "Authorization")
                        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
                "Content-Type: application/json")));
    }

    private void client(Consumer<ProgressiveBackoffOpenAiClient.Builder> setting) {
        ProgressiveBackoffOpenAiClient.Builder builder = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(server.baseUri() + "/v1")
                .timeSource(clock)
                .sleeper(clock)
                .scheduler(scheduler)
                .onEvent(events::add)
                .onLogLine(lines::add);
        setting.accept(builder);
        openai = builder.build();
    }

    private static ChatCompletionCreateParams prompt() {
        return ChatCompletionCreateParams.builder()
                .model("m")
                .addUserMessage("Name a prime number.")
                .build();
    }

    private static void assertNoKey(Throwable failure, String key) {
        assertThat(failure).isInstanceOf(OpenAIServiceException.class);
        OpenAIServiceException service = (OpenAIServiceException) failure;
        assertThat(service.getMessage()).doesNotContain(key).contains("Incorrect API key provided: Bearer ***");
        assertThat(service.body().toString()).doesNotContain(key);
        assertThat(service.toString()).doesNotContain(key);
    }

    @Test
    void a401EchoingTheKeyReachesTheUserRedacted() throws Exception {
        LogCapture log = LogCapture.start();
        echoing(401);
        client(b -> {});

        Throwable failure = catchThrowable(() -> openai.chat().completions().create(prompt()));

        assertThat(failure).isInstanceOf(UnauthorizedException.class);
        assertNoKey(failure, KEY);
        assertThat(server.requests()).isEqualTo(1);
        assertThat(lines).noneMatch(line -> line.contains(KEY));
        assertThat(events).noneMatch(event -> event.toString().contains(KEY));
        assertThat(log.text()).doesNotContain(KEY);
    }

    @Test
    void a400EchoingTheKeyReachesTheAsyncUserRedacted() throws Exception {
        LogCapture log = LogCapture.start();
        echoing(400);
        client(b -> {});

        Throwable failure = catchThrowable(
                () -> openai.async().chat().completions().create(prompt()).get(30, TimeUnit.SECONDS));

        assertThat(failure.getCause()).isInstanceOf(BadRequestException.class);
        assertNoKey(failure.getCause(), KEY);
        assertThat(failure.getMessage()).doesNotContain(KEY);
        assertThat(lines).noneMatch(line -> line.contains(KEY));
        assertThat(events).noneMatch(event -> event.toString().contains(KEY));
        assertThat(log.text()).doesNotContain(KEY);
    }

    @Test
    void theSdksOwnKeyIsRedactedWhenTheGuardsClientHasAnother() throws Exception {
        echoing(401);
        try (TeacherClient shared = TeacherClient.builder()
                .withEndpoint(server.baseUri() + "/v1")
                .withApiKey("sk-another-key-of-the-toolkit-987654321")
                .withTimeSource(clock)
                .withSleeper(clock)
                .build()) {
            client(b -> b.teacherClient(shared));

            Throwable failure = catchThrowable(() -> openai.chat().completions().create(prompt()));

            assertNoKey(failure, KEY);
        }
    }
}
