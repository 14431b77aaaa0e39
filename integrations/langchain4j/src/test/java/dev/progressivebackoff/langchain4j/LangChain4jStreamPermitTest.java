package dev.progressivebackoff.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ScriptedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A streamed call holds the pacer's permit until its stream ends, as {@code TeacherClient.chatStream} does: the
 * request is in flight at the server until its last byte. With a concurrency cap of 1, a second streamed call waits
 * in the pacer, unsent, until the first stream has ended.
 */
class LangChain4jStreamPermitTest {

    static final String KEY = "sk-langchain4j-permit-test-0123456789";
    static final String CHUNK =
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}\n\n";
    static final String USAGE =
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}\n\n";

    final FakeClock clock = FakeClock.advancingOnSleep();
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> order = new CopyOnWriteArrayList<>();

    /** Streams one answer; the first request's stream stops after its first token until the test releases it. */
    private void stream(int index, OutputStream out) throws IOException, InterruptedException {
        if (index > 0) {
            order.add("request " + (index + 1) + " arrived");
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                        + CHUNK.formatted("{\"role\":\"assistant\",\"content\":\"Two\"}", "null"))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (index == 0) {
            release.await(30, TimeUnit.SECONDS);
        }
        out.write((CHUNK.formatted("{}", "\"stop\"") + USAGE + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A handler noting the first token and the end of its answer. */
    private StreamingChatResponseHandler handler(
            String name, CountDownLatch firstToken, CompletableFuture<String> done) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String token) {
                firstToken.countDown();
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                order.add(name + " completed");
                done.complete(response.aiMessage().text());
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }

    @Test
    void aConcurrencyCapOfOneHoldsTheSecondStreamedCallUntilTheFirstEnds() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((index, head, out) -> stream(index, out));
                TeacherClient shared = TeacherClient.builder()
                        .withEndpoint(server.baseUri() + "/v1")
                        .withApiKey(KEY)
                        .withTier(Tier.of("one-at-a-time", 60_000, 1))
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .build()) {
            StreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl(server.baseUri() + "/v1")
                    .apiKey(KEY)
                    .modelName("m")
                    .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder().withTeacherClient(shared))
                    .build();
            CountDownLatch firstToken = new CountDownLatch(1);
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();

            model.chat("first", handler("stream 1", firstToken, first));
            assertThat(firstToken.await(30, TimeUnit.SECONDS)).isTrue();
            model.chat("second", handler("stream 2", new CountDownLatch(1), second));
            Eventually.until(() -> shared.pacerState().waiting() == 1, () -> "the second call waits in the pacer");

            assertThat(server.requests())
                    .as("the second call is not sent while the first streams")
                    .isEqualTo(1);
            assertThat(shared.pacerState().inFlight()).isEqualTo(1);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("Two");
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("Two");
            assertThat(order).startsWith("stream 1 completed", "request 2 arrived");
            Eventually.until(() -> shared.pacerState().inFlight() == 0, () -> "both permits are released");
        }
    }
}
