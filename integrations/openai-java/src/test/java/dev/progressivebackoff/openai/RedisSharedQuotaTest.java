package dev.progressivebackoff.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacer.redis.RedisPacers;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import dev.progressivebackoff.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two openai-java adapters standing for two processes, each with its own Redis connection and pacer registry, take
 * every start of their one key from the schedule kept in Redis (its grant count is theirs together) and stay within
 * the key's quota. Real time (about 4 s): Redis paces on its own clock.
 */
class RedisSharedQuotaTest {

    static final String KEY = "sk-redis-shared-quota-test-0123456789";
    static final int RPM = 600;
    static final int PER_PROCESS = 10;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    @Test
    void twoProcessesAdaptersShareTheKeysQuotaThroughRedis() {
        // given a server admitting 10 requests in any second (600 RPM, 1 s window; concurrency not limiting), and
        // two "processes"
        SimulatedProvider provider = providers.start(SimulatedProvider.builder()
                .withRpm(RPM)
                .withWindow(Duration.ofSeconds(1))
                .withMaxConcurrency(64)
                .withRetryAfter(RetryAfterStyle.SECONDS)
                .withApiKey(KEY));
        String prefix = "pb-test-" + UUID.randomUUID();
        try (RedisPacers first = redis(prefix);
                RedisPacers second = redis(prefix)) {
            OpenAIClient a = adapter(provider, PacerRegistry.createKeyed(first::pacerFor));
            OpenAIClient b = adapter(provider, PacerRegistry.createKeyed(second::pacerFor));
            try {
                // when each sends its share at once, from its own thread
                List<CompletableFuture<Void>> runs = new ArrayList<>();
                for (OpenAIClient client : List.of(a, b)) {
                    runs.add(CompletableFuture.runAsync(() -> sendAll(client)));
                }
                CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
            } finally {
                a.close();
                b.close();
            }
        }

        // then every request was answered at the first try, each started by the one schedule in Redis
        assertThat(provider.stats().requests()).isEqualTo(2L * PER_PROCESS);
        assertThat(provider.stats().rateLimited()).isZero();
        assertThat(grantsInRedis(prefix)).containsExactly(String.valueOf(2 * PER_PROCESS));
    }

    /** The grants counted by each pacer hash under {@code prefix}: one key, so one hash, for both processes. */
    private static List<String> grantsInRedis(String prefix) {
        RedisClient client = RedisClient.create(RedisTestServer.uri().toString());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            return redis.keys(prefix + "*").stream()
                    .filter(key -> redis.type(key).equals("hash"))
                    .map(key -> redis.hget(key, "granted"))
                    .toList();
        } finally {
            client.shutdown();
        }
    }

    private static RedisPacers redis(String prefix) {
        return RedisPacers.builder(RedisTestServer.uri())
                .withKeyPrefix(prefix)
                .withExpectedWorkers(2)
                .build();
    }

    private static OpenAIClient adapter(SimulatedProvider provider, PacerRegistry registry) {
        return ProgressiveBackoffOpenAiClient.builder()
                .apiKey(KEY)
                .baseUrl(provider.baseUri().toString())
                .toolkit(toolkit -> toolkit.withTier(Tier.custom(RPM)))
                .pacerRegistry(registry)
                .build();
    }

    private static void sendAll(OpenAIClient client) {
        for (int i = 0; i < PER_PROCESS; i++) {
            client.chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model("moonshot-v1-8k")
                            .addUserMessage("Name a prime number (" + i + ").")
                            .build());
        }
    }
}
