package dev.progressivebackoff.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.langchain4j.internal.Guards;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.HttpClient5TransportBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * A LangChain4j {@link HttpClientBuilder} whose clients send through the toolkit: give it to a model with
 * {@code .httpClientBuilder(new ProgressiveBackoffHttpClientBuilder())} and turn the model's own retries off with
 * {@code .maxRetries(0)}. Each (endpoint, API key) the client sends to gets the pacer of that key, the tier read from
 * the responses' headers and the 429 loop that obeys {@code Retry-After}, configured with the {@code with…} settings
 * (in {@link TeacherClientBuilder}'s terms). Not thread-safe.
 */
public final class ProgressiveBackoffHttpClientBuilder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;
    private TeacherClient shared;
    private final List<Consumer<TeacherClientBuilder>> settings = new ArrayList<>();

    /** The toolkit's defaults: tier {@code auto}, the documented policy, each client its own pacer registry. */
    public ProgressiveBackoffHttpClientBuilder() {}

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public ProgressiveBackoffHttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    /** The longest wait for more bytes of a response (a stream's next event included). */
    @Override
    public ProgressiveBackoffHttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    /** A tier name from the catalog, or {@code auto} (the default) to read it from the first response's headers. */
    public ProgressiveBackoffHttpClientBuilder withTier(String tier) {
        return withToolkit(b -> b.withTier(tier));
    }

    /** The backoff policy by its registered name. */
    public ProgressiveBackoffHttpClientBuilder withPolicy(String policyName) {
        return withToolkit(b -> b.withPolicy(policyName));
    }

    /** The backoff policy as an object. */
    public ProgressiveBackoffHttpClientBuilder withPolicy(BackoffPolicy policy) {
        return withToolkit(b -> b.withPolicy(policy));
    }

    /**
     * The pacer registry: one pacer per key, shared with every {@link TeacherClient} and adapter built with it (for a
     * pacer shared across processes, one made from Redis, module {@code pacer-redis}).
     */
    public ProgressiveBackoffHttpClientBuilder withPacerRegistry(PacerRegistry registry) {
        return withToolkit(b -> b.withPacerRegistry(registry));
    }

    /** Adds a listener of the toolkit's events (429 waits, pacer waits, tier detection). */
    public ProgressiveBackoffHttpClientBuilder onEvent(RetryListener listener) {
        return withToolkit(b -> b.onEvent(listener));
    }

    /** Adds a receiver of every line the toolkit logs, already redacted. */
    public ProgressiveBackoffHttpClientBuilder onLogLine(Consumer<String> listener) {
        return withToolkit(b -> b.onLogLine(listener));
    }

    /** Where the toolkit reads time (server dates, waits). */
    public ProgressiveBackoffHttpClientBuilder withTimeSource(TimeSource timeSource) {
        return withToolkit(b -> b.withTimeSource(timeSource));
    }

    /** How the toolkit waits (429 waits, pacer waits). */
    public ProgressiveBackoffHttpClientBuilder withSleeper(Sleeper sleeper) {
        return withToolkit(b -> b.withSleeper(sleeper));
    }

    /** Any other toolkit setting, on the {@link TeacherClientBuilder} each key's guard is built from. */
    public ProgressiveBackoffHttpClientBuilder withToolkit(Consumer<TeacherClientBuilder> setting) {
        settings.add(Objects.requireNonNull(setting, "setting"));
        return this;
    }

    /**
     * Sends every request through {@code client}'s guard (its pacer, tier, policy and listeners) whatever its key:
     * the other toolkit settings are then ignored.
     */
    public ProgressiveBackoffHttpClientBuilder withTeacherClient(TeacherClient client) {
        this.shared = Objects.requireNonNull(client, "client");
        return this;
    }

    /**
     * The client, on a transport of its own with this builder's timeouts. The transport sends each attempt once: the
     * guard retries I/O failures and transient statuses by the toolkit client's transport rules, on its clock and
     * sleeper, with its log lines and listeners.
     */
    @Override
    public ProgressiveBackoffHttpClient build() {
        HttpClient5TransportBuilder transport = HttpClient5Transport.builder().withMaxTransportRetries(0);
        if (connectTimeout != null) {
            transport.withConnectTimeout(connectTimeout);
        }
        if (readTimeout != null) {
            transport.withResponseTimeout(readTimeout);
        }
        HttpClient5Transport built = transport.build();
        return new ProgressiveBackoffHttpClient(built, new Guards(built, settings, shared), streamThreads());
    }

    /** Daemon threads for the streaming calls, so that an application that never closes a model can still exit. */
    private static ExecutorService streamThreads() {
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable, "progressive-backoff-langchain4j-stream");
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newCachedThreadPool(daemons);
    }
}
