package dev.progressivebackoff.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j 1.19's {@code OpenAiChatModel}, stock and through {@link ProgressiveBackoffHttpClientBuilder}, against the
 * simulated provider on loopback at Moonshot's free tier (3 requests per minute, {@code Retry-After} sent). The provider
 * and the toolkit run on one fake clock. The stock model's own retries sleep for real (LangChain4j takes no clock):
 * 0.5 s then 0.75 s, during which the fake clock, like a real provider's minute, barely moves.
 */
class LangChain4jAdapterTest {

    static final String KEY = "sk-langchain4j-adapter-test-0123456789";
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

    private static List<String> ask(ChatModel model) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            try {
                outcomes.add("answered: " + model.chat("Name a prime number, please (" + i + ")."));
            } catch (RuntimeException failure) {
                outcomes.add("failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
            }
        }
        return outcomes;
    }

    @Test
    void stockModelFailsThePromptsBeyondTheMinutesQuota() {
        ChatModel stock = OpenAiChatModel.builder()
                .baseUrl(start())
                .apiKey(KEY)
                .modelName("moonshot-v1-8k")
                .httpClientBuilder(JdkHttpClient.builder())
                .build();

        List<String> outcomes = ask(stock);

        assertThat(outcomes.subList(0, 3)).allMatch(o -> o.startsWith("answered"));
        assertThat(outcomes.subList(3, PROMPTS))
                .allMatch(o -> o.startsWith("failed: RateLimitException") && o.contains("please try again after"));
        assertThat(provider.stats().rateLimited())
                .as("each failed prompt: the first try and 2 retries")
                .isEqualTo(3L * (PROMPTS - 3));
    }

    @Test
    void adapterAnswersEveryPromptPacedAtTheTierReadFromTheFirstResponse() throws Exception {
        String baseUrl = start();
        LogCapture log = LogCapture.start();
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        ChatModel adapted = OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(KEY)
                .modelName("moonshot-v1-8k")
                .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder()
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .onEvent(events::add)
                        .onLogLine(lines::add))
                .maxRetries(0)
                .build();

        List<String> outcomes = ask(adapted);

        ProviderStats stats = provider.stats();
        assertThat(outcomes).allMatch(o -> o.startsWith("answered"));
        assertThat(stats.requests())
                .as("the prompts only: the tier came from their headers")
                .isEqualTo(PROMPTS);
        assertThat(stats.rateLimited()).isZero();
        assertThat(events.get(0))
                .isInstanceOfSatisfying(
                        RetryEvent.TierDetected.class,
                        detected -> assertThat(detected.tier().name()).isEqualTo("free"));
        List<Duration> paced = events.stream()
                .filter(RetryEvent.Paced.class::isInstance)
                .map(e -> ((RetryEvent.Paced) e).waited())
                .toList();
        assertThat(paced)
                .as("the free tier's 20 s spacing after the first prompts")
                .isNotEmpty();
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(20L * (PROMPTS - 3)));
        assertThat(lines).noneMatch(line -> line.contains(KEY));
        assertThat(log.text()).doesNotContain(KEY);
    }

    @Test
    void withoutPacingEvery429IsWaitedOutForAsLongAsRetryAfterSays() {
        String baseUrl = start();
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        ChatModel adapted = OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(KEY)
                .modelName("moonshot-v1-8k")
                .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder()
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .withToolkit(b -> b.withPace(false))
                        .onEvent(events::add))
                .maxRetries(0)
                .build();

        assertThat(ask(adapted)).allMatch(o -> o.startsWith("answered"));

        List<RetryEvent.RateLimited> waits = events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(RetryEvent.RateLimited.class::cast)
                .toList();
        assertThat(waits).isNotEmpty().allSatisfy(wait -> {
            assertThat(wait.source()).isEqualTo(WaitSource.RETRY_AFTER);
            assertThat(wait.delay())
                    .isEqualTo(wait.signals().hints().stream()
                            .filter(hint -> hint.source() == WaitSource.RETRY_AFTER)
                            .findFirst()
                            .orElseThrow()
                            .delay());
        });
        assertThat(provider.stats().rateLimited()).isEqualTo(waits.size());
    }
}
