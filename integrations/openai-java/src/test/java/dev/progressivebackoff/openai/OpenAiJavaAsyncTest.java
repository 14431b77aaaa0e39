package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** openai-java's async client, stock and through the adapter, on the fake clock (waits scheduled, none slept). */
class OpenAiJavaAsyncTest {

    static final String KEY = "sk-openai-async-test-0123456789";
    static final int PROMPTS = 8;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    final FakeClock clock = FakeClock.advancingOnSleep();
    final ClockScheduler scheduler = new ClockScheduler(clock);
    SimulatedProvider provider;

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private String start() {
        provider = providers.start(SimulatedProvider.builder()
                .withTier(TierCatalog.moonshot().require("free"))
                .withRetryAfter(RetryAfterStyle.SECONDS)
                .withApiKey(KEY)
                .withTimeSource(clock));
        return provider.baseUri().toString();
    }

    private static List<String> ask(OpenAIClientAsync client) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            ChatCompletion answer = client.chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model("moonshot-v1-8k")
                            .addUserMessage("Name a prime number, please (" + i + ").")
                            .build())
                    .join();
            answers.add(answer.choices().get(0).message().content().orElse(""));
        }
        return answers;
    }

    @Test
    void stockAsyncClientRunsIntoThe429s() {
        OpenAIClientAsync stock = OpenAIOkHttpClientAsync.builder()
                .apiKey(KEY)
                .baseUrl(start())
                .sleeper(new ClockSleeper(clock))
                .build();
        try {
            assertThat(ask(stock)).hasSize(PROMPTS);
        } finally {
            stock.close();
        }
        assertThat(provider.stats().rateLimited()).isEqualTo(2);
    }

    @Test
    void adapterAsyncClientIsPacedAndGetsNo429() {
        OpenAIClient adapted = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(start())
                .timeSource(clock)
                .sleeper(clock)
                .scheduler(scheduler)
                .build();
        try {
            assertThat(ask(adapted.async())).hasSize(PROMPTS).allMatch(answer -> !answer.isEmpty());
        } finally {
            adapted.close();
        }
        assertThat(provider.stats().rateLimited()).isZero();
        assertThat(provider.stats().requests()).isEqualTo(PROMPTS);
        assertThat(clock.sleeps())
                .as("no thread slept: the pacer's waits were scheduled")
                .isEmpty();
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(20L * (PROMPTS - 3)));
    }

    @Test
    void adapterAsyncClientSchedulesEachRetryAfterWaitInsteadOfSleeping() {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        OpenAIClient adapted = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(start())
                .timeSource(clock)
                .sleeper(clock)
                .scheduler(scheduler)
                .toolkit(b -> b.withPace(false))
                .onEvent(events::add)
                .build();
        try {
            assertThat(ask(adapted.async())).hasSize(PROMPTS);
        } finally {
            adapted.close();
        }
        List<RetryEvent.RateLimited> waits = events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(RetryEvent.RateLimited.class::cast)
                .toList();
        assertThat(waits).isNotEmpty().allMatch(wait -> wait.source() == WaitSource.RETRY_AFTER);
        assertThat(clock.sleeps())
                .as("no thread slept: every wait was scheduled")
                .isEmpty();
        assertThat(provider.stats().rateLimited()).isEqualTo(waits.size());
    }
}
