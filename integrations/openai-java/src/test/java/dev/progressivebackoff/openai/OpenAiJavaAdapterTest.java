package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.LogCapture;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * openai-java 4.x, stock and through {@link ProgressiveBackoffOpenAiClient}, against the simulated provider on
 * loopback at Moonshot's free tier (3 requests per minute, {@code Retry-After} sent), on one fake clock: the SDK's
 * sleeper and the toolkit's waits both move it, so no test waits in real time.
 */
class OpenAiJavaAdapterTest {

    static final String KEY = "sk-openai-adapter-test-0123456789";
    static final int PROMPTS = 8;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    final FakeClock clock = FakeClock.advancingOnSleep();

    SimulatedProvider provider;

    private URI start() {
        provider = providers.start(SimulatedProvider.builder()
                .withTier(TierCatalog.moonshot().require("free"))
                .withRetryAfter(RetryAfterStyle.SECONDS)
                .withApiKey(KEY)
                .withTimeSource(clock));
        return provider.baseUri();
    }

    private static ChatCompletionCreateParams prompt(int i) {
        return ChatCompletionCreateParams.builder()
                .model("moonshot-v1-8k")
                .addUserMessage("Name a prime number, please (" + i + ").")
                .build();
    }

    /** Answers per prompt, or the exception's class and message. */
    private static List<String> ask(OpenAIClient client) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            try {
                ChatCompletion answer = client.chat().completions().create(prompt(i));
                outcomes.add("answered: "
                        + answer.choices().get(0).message().content().orElse(""));
            } catch (RateLimitException limited) {
                outcomes.add("failed: " + limited.getMessage());
            }
        }
        return outcomes;
    }

    @Test
    void stockClientObeysRetryAfterButRunsIntoThe429s() {
        URI uri = start();
        OpenAIClient stock = OpenAIOkHttpClient.builder()
                .apiKey(KEY)
                .baseUrl(uri.toString())
                .sleeper(new ClockSleeper(clock))
                .build();
        try {
            List<String> outcomes = ask(stock);
            ProviderStats stats = provider.stats();
            // openai-java 4.52 waits as long as Retry-After says (2 retries): sequential prompts get through, each
            // window's first prompt over the quota after a 429
            assertThat(outcomes).allMatch(o -> o.startsWith("answered"));
            assertThat(stats.rateLimited()).isEqualTo(2);
            assertThat(stats.requests()).isEqualTo(PROMPTS + 2);
        } finally {
            stock.close();
        }
    }

    @Test
    void adapterPacesTheFreeTierDetectedFromTheFirstResponseAndGetsNo429() throws Exception {
        URI uri = start();
        LogCapture log = LogCapture.start();
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        OpenAIClient adapted = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(uri.toString())
                .timeSource(clock)
                .sleeper(clock)
                .onEvent(events::add)
                .onLogLine(lines::add)
                .build();
        try {
            List<String> outcomes = ask(adapted);
            ProviderStats stats = provider.stats();
            assertThat(outcomes).hasSize(PROMPTS).allMatch(o -> o.startsWith("answered"));
            assertThat(stats.requests())
                    .as("no request but the prompts: the tier comes from their headers")
                    .isEqualTo(PROMPTS + stats.rateLimited());
            assertThat(events.get(0))
                    .isInstanceOfSatisfying(
                            RetryEvent.TierDetected.class,
                            detected -> assertThat(detected.tier().name()).isEqualTo("free"));
            assertThat(stats.rateLimited()).isZero();
            assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(20L * (PROMPTS - 3)));
        } finally {
            adapted.close();
        }
        assertThat(lines).noneMatch(line -> line.contains(KEY));
        assertThat(log.text()).doesNotContain(KEY);
    }

    @Test
    void every429IsWaitedOutAsRetryAfterSaysWhenPacingIsOff() {
        URI uri = start();
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        OpenAIClient adapted = ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(uri.toString())
                .timeSource(clock)
                .sleeper(clock)
                .toolkit(b -> b.withPace(false))
                .onEvent(events::add)
                .build();
        try {
            assertThat(ask(adapted)).allMatch(o -> o.startsWith("answered"));
        } finally {
            adapted.close();
        }
        List<RetryEvent.RateLimited> waits = events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(RetryEvent.RateLimited.class::cast)
                .toList();
        assertThat(waits).isNotEmpty().allMatch(w -> w.source() == WaitSource.RETRY_AFTER);
    }
}
