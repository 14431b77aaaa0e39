package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** openai-java's {@code createStreaming}, stock and through the adapter, against the simulator's server-sent events. */
class OpenAiJavaStreamingTest {

    static final String KEY = "sk-openai-stream-test-0123456789";
    static final int PROMPTS = 8;

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

    /** Each prompt's content deltas, in order. */
    private static List<List<String>> ask(OpenAIClient client) {
        List<List<String>> answers = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("moonshot-v1-8k")
                    .addUserMessage("Name a prime number, please (" + i + ").")
                    .build();
            try (StreamResponse<ChatCompletionChunk> stream =
                    client.chat().completions().createStreaming(params)) {
                answers.add(stream.stream()
                        .flatMap(chunk -> chunk.choices().stream())
                        .flatMap(choice -> choice.delta().content().stream())
                        .toList());
            }
        }
        return answers;
    }

    /** The same prompt's whole answer, not streamed: what the deltas must add up to. */
    private static String whole(OpenAIClient client, int i) {
        return client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("moonshot-v1-8k")
                        .addUserMessage("Name a prime number, please (" + i + ").")
                        .build())
                .choices()
                .get(0)
                .message()
                .content()
                .orElseThrow();
    }

    @Test
    void stockStreamingObeysRetryAfterButRunsIntoThe429s() {
        OpenAIClient stock = OpenAIOkHttpClient.builder()
                .apiKey(KEY)
                .baseUrl(start())
                .sleeper(new ClockSleeper(clock))
                .build();
        try {
            assertThat(ask(stock)).hasSize(PROMPTS).allMatch(deltas -> !deltas.isEmpty());
        } finally {
            stock.close();
        }
        assertThat(provider.stats().rateLimited()).isEqualTo(2);
    }

    @Test
    void adapterStreamsEveryAnswerOnceEachDeltaOnce() {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        OpenAIClient adapted = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(start())
                .timeSource(clock)
                .sleeper(clock)
                .onEvent(events::add)
                .build();
        try {
            List<List<String>> answers = ask(adapted);
            assertThat(provider.stats().requests()).isEqualTo(PROMPTS);
            assertThat(provider.stats().rateLimited()).isZero();
            for (int i = 0; i < PROMPTS; i++) {
                assertThat(answers.get(i)).hasSizeGreaterThan(1);
                assertThat(String.join("", answers.get(i))).isEqualTo(whole(adapted, i));
            }
        } finally {
            adapted.close();
        }
        assertThat(events.get(0)).isInstanceOf(RetryEvent.TierDetected.class);
    }
}
