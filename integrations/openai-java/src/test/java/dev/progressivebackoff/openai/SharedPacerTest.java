package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A TeacherClient and the openai-java adapter on one key pace together: one pacer per key in one registry. */
class SharedPacerTest {

    static final String KEY = "sk-shared-pacer-test-0123456789";

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    final FakeClock clock = FakeClock.advancingOnSleep();

    @Test
    void aTeacherClientAndTheAdapterShareTheKeysPacerThroughOneRegistry() {
        SimulatedProvider provider = providers.start(SimulatedProvider.builder()
                .withTier(TierCatalog.moonshot().require("free"))
                .withRetryAfter(RetryAfterStyle.SECONDS)
                .withApiKey(KEY)
                .withTimeSource(clock));
        String endpoint = provider.baseUri().toString();
        PacerRegistry registry = PacerRegistry.create(tier -> Pacer.builder()
                .withTier(tier)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build());
        List<RetryEvent> adapterEvents = new CopyOnWriteArrayList<>();
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(endpoint)
                .withApiKey(KEY)
                .withTier("free")
                .withTimeSource(clock)
                .withSleeper(clock)
                .withPacerRegistry(registry)
                .build()) {
            OpenAIClient adapted = ProgressiveBackoffOpenAiClient.builder()
                    .apiKey(KEY)
                    .baseUrl(endpoint)
                    .tier("free")
                    .timeSource(clock)
                    .sleeper(clock)
                    .pacerRegistry(registry)
                    .onEvent(adapterEvents::add)
                    .build();
            try {
                for (int i = 0; i < 3; i++) {
                    client.chat("Name a prime number (" + i + ").");
                }
                for (int i = 0; i < 3; i++) {
                    adapted.chat()
                            .completions()
                            .create(ChatCompletionCreateParams.builder()
                                    .model("moonshot-v1-8k")
                                    .addUserMessage("Name a prime number (" + i + ").")
                                    .build());
                }
            } finally {
                adapted.close();
            }
        }

        assertThat(provider.stats().rateLimited())
                .as("the adapter waited for the client's spent minute")
                .isZero();
        assertThat(provider.stats().requests()).isEqualTo(6);
        // the client spent the minute's 3 requests: the adapter's first request waits for the window to reset
        assertThat(adapterEvents)
                .filteredOn(RetryEvent.Paced.class::isInstance)
                .first()
                .satisfies(paced ->
                        assertThat(((RetryEvent.Paced) paced).waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(40)));
    }
}
