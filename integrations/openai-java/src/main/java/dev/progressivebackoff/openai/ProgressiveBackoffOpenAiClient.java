package dev.progressivebackoff.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.Timeout;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.pacing.PacerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Builds an openai-java {@link OpenAIClient} whose requests go through the toolkit: the SDK's own OkHttp client does
 * the wire work inside a {@link GuardedHttpClient}, and the SDK's retries are off ({@code maxRetries(0)}). Mirrors
 * {@code OpenAIOkHttpClient.builder()}:
 *
 * <pre>{@code
 * OpenAIClient openai = ProgressiveBackoffOpenAiClient.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .baseUrl("https://api.openai.com/v1")
 *         .tier("auto")
 *         .build();
 * }</pre>
 *
 * <p>The client's {@code async()} form sends through the same guard.
 */
public final class ProgressiveBackoffOpenAiClient {

    private ProgressiveBackoffOpenAiClient() {}

    /** A builder: the API key is required, the base URL defaults to OpenAI's. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures the SDK client and the toolkit's settings (in {@link TeacherClientBuilder}'s terms); not thread-safe. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = ClientOptions.PRODUCTION_URL;
        private Timeout timeout = Timeout.builder().build();
        private TeacherClient shared;
        private final List<Consumer<TeacherClientBuilder>> toolkit = new ArrayList<>();
        private final List<Consumer<ClientOptions.Builder>> sdk = new ArrayList<>();

        private Builder() {}

        /** The API key; required (never logged). */
        public Builder apiKey(String key) {
            this.apiKey = Objects.requireNonNull(key, "apiKey");
            return this;
        }

        /** The API base URL ({@code https://api.openai.com/v1} by default); also the pacer's rate-limit key. */
        public Builder baseUrl(String url) {
            this.baseUrl = Objects.requireNonNull(url, "baseUrl");
            return this;
        }

        /** The SDK's request timeout. */
        public Builder timeout(Duration requestTimeout) {
            this.timeout = Timeout.builder().request(requestTimeout).build();
            return this;
        }

        /** A tier name from the catalog, or {@code auto} (the default) to read it from the first response's headers. */
        public Builder tier(String tier) {
            return toolkit(b -> b.withTier(tier));
        }

        /** The backoff policy by its registered name. */
        public Builder policy(String policyName) {
            return toolkit(b -> b.withPolicy(policyName));
        }

        /** The backoff policy as an object. */
        public Builder policy(BackoffPolicy policy) {
            return toolkit(b -> b.withPolicy(policy));
        }

        /**
         * The pacer registry: one pacer per key, shared with every {@link TeacherClient} and adapter built with it (for a
         * pacer shared across processes, one made from Redis, module {@code pacer-redis}).
         */
        public Builder pacerRegistry(PacerRegistry registry) {
            return toolkit(b -> b.withPacerRegistry(registry));
        }

        /** Adds a listener of the toolkit's events (429 waits, pacer waits, tier detection). */
        public Builder onEvent(RetryListener listener) {
            return toolkit(b -> b.onEvent(listener));
        }

        /** Adds a receiver of every line the toolkit logs, already redacted. */
        public Builder onLogLine(Consumer<String> listener) {
            return toolkit(b -> b.onLogLine(listener));
        }

        /** Where the toolkit reads time (server dates, waits). */
        public Builder timeSource(TimeSource timeSource) {
            return toolkit(b -> b.withTimeSource(timeSource));
        }

        /** How the toolkit waits (429 waits, pacer waits). */
        public Builder sleeper(Sleeper sleeper) {
            return toolkit(b -> b.withSleeper(sleeper));
        }

        /** Any other toolkit setting, on the {@link TeacherClientBuilder} the guard is built from. */
        public Builder toolkit(Consumer<TeacherClientBuilder> setting) {
            toolkit.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /**
         * Sends through {@code client}'s guard (its pacer, tier, policy and listeners) instead of building a toolkit
         * client: the toolkit settings of this builder are then ignored, and {@code client} stays open.
         */
        public Builder teacherClient(TeacherClient client) {
            this.shared = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Where the async client schedules its waits, the pacer's and after a 429 (its time should agree with the
         * toolkit's time source); by default a daemon thread of the toolkit client's own, stopped when it closes. The
         * caller shuts a given one down.
         */
        public Builder scheduler(ScheduledExecutorService waits) {
            return toolkit(b -> b.withScheduler(waits));
        }

        /** Any other SDK setting (organization, headers, ...); its retries stay off whatever it sets. */
        public Builder sdk(Consumer<ClientOptions.Builder> setting) {
            sdk.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /**
         * The SDK client.
         *
         * @throws IllegalStateException no API key was given
         */
        public OpenAIClient build() {
            if (apiKey == null) {
                throw new IllegalStateException("an API key is required (apiKey)");
            }
            TeacherClient client = shared != null ? shared : teacherClient();
            AutoCloseable owned = shared != null ? () -> {} : client;
            OkHttpClient wire = OkHttpClient.builder().timeout(timeout).build();
            ClientOptions.Builder options = ClientOptions.builder()
                    .httpClient(new GuardedHttpClient(wire, client.guard(), owned))
                    .apiKey(apiKey)
                    .baseUrl(baseUrl)
                    .timeout(timeout);
            sdk.forEach(setting -> setting.accept(options));
            return new OpenAIClientImpl(options.maxRetries(0).build());
        }

        private TeacherClient teacherClient() {
            TeacherClientBuilder builder =
                    TeacherClient.builder().withEndpoint(baseUrl).withApiKey(apiKey);
            toolkit.forEach(setting -> setting.accept(builder));
            return builder.build();
        }
    }
}
