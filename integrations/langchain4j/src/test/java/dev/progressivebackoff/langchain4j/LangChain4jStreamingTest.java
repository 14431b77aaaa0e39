package dev.progressivebackoff.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j 1.19's {@code OpenAiStreamingChatModel}, stock and through {@link ProgressiveBackoffHttpClientBuilder},
 * against the simulated provider streaming server-sent events at Moonshot's free tier, on a fake clock.
 */
class LangChain4jStreamingTest {

    static final String KEY = "sk-langchain4j-stream-test-0123456789";
    static final int PROMPTS = 6;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    final FakeClock clock = FakeClock.advancingOnSleep();
    SimulatedProvider provider;

    private String start() {
        provider = providers.start(SimulatedProvider.builder()
                .withTier(TierCatalog.moonshot().require("free"))
                .withRetryAfter(RetryAfterStyle.SECONDS)
                .withApiKey(KEY)
                .withTimeSource(clock));
        return provider.baseUri().toString();
    }

    /** One streamed answer: its tokens as they came, and the whole text LangChain4j assembled, or the failure. */
    record Streamed(List<String> tokens, String text, Throwable failure) {}

    private static List<Streamed> ask(StreamingChatModel model) throws Exception {
        List<Streamed> answers = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            List<String> tokens = new CopyOnWriteArrayList<>();
            CompletableFuture<Streamed> done = new CompletableFuture<>();
            model.chat("Name a prime number, please (" + i + ").", new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String token) {
                    tokens.add(token);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(new Streamed(tokens, response.aiMessage().text(), null));
                }

                @Override
                public void onError(Throwable error) {
                    done.complete(new Streamed(tokens, null, error));
                }
            });
            answers.add(done.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }

    @Test
    void stockStreamingModelFailsThePromptsBeyondTheMinutesQuota() throws Exception {
        StreamingChatModel stock = OpenAiStreamingChatModel.builder()
                .baseUrl(start())
                .apiKey(KEY)
                .modelName("moonshot-v1-8k")
                .httpClientBuilder(JdkHttpClient.builder())
                .build();

        List<Streamed> answers = ask(stock);

        assertThat(answers.subList(0, 3)).allMatch(a -> a.failure() == null);
        assertThat(answers.subList(3, PROMPTS))
                .allSatisfy(a -> assertThat(a.failure()).hasMessageContaining("please try again after"));
        assertThat(provider.stats().rateLimited()).isEqualTo(PROMPTS - 3);
    }

    @Test
    void adapterStreamsEveryAnswerWholeEachTokenOnce() throws Exception {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        StreamingChatModel adapted = OpenAiStreamingChatModel.builder()
                .baseUrl(start())
                .apiKey(KEY)
                .modelName("moonshot-v1-8k")
                .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder()
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .onEvent(events::add))
                .build();

        List<Streamed> answers = ask(adapted);

        assertThat(answers).hasSize(PROMPTS).allSatisfy(a -> {
            assertThat(a.failure()).isNull();
            assertThat(a.tokens()).hasSizeGreaterThan(1);
            assertThat(String.join("", a.tokens())).isEqualTo(a.text());
        });
        assertThat(provider.stats().requests()).isEqualTo(PROMPTS);
        assertThat(provider.stats().rateLimited()).isZero();
        assertThat(events.get(0))
                .isInstanceOfSatisfying(
                        RetryEvent.TierDetected.class,
                        detected -> assertThat(detected.tier().name()).isEqualTo("free"));
    }

    @Test
    void withoutPacingA429BeforeTheFirstByteIsWaitedOutAndTheStreamStartsOnce() throws Exception {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        StreamingChatModel adapted = OpenAiStreamingChatModel.builder()
                .baseUrl(start())
                .apiKey(KEY)
                .modelName("moonshot-v1-8k")
                .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder()
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .withToolkit(b -> b.withPace(false))
                        .onEvent(events::add))
                .build();

        List<Streamed> answers = ask(adapted);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.failure()).isNull();
            assertThat(String.join("", a.tokens())).isEqualTo(a.text());
        });
        long waits = events.stream()
                .filter(e -> e instanceof RetryEvent.RateLimited r && r.source() == WaitSource.RETRY_AFTER)
                .count();
        assertThat(waits).isPositive().isEqualTo(provider.stats().rateLimited());
        assertThat(provider.stats().requests()).isEqualTo(PROMPTS + waits);
    }
}
