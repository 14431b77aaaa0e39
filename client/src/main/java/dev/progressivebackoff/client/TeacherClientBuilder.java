package dev.progressivebackoff.client;

import dev.progressivebackoff.client.internal.AsyncRuntime;
import dev.progressivebackoff.client.internal.ThreadLocalRandomGenerator;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Configures a {@link TeacherClient}; not thread-safe. Starts from {@link ClientSettings#defaults()};
 * {@link #withSettings} replaces them all, the other {@code withX} methods change one knob (checked at once).
 * Only the API key is required. Every {@code onX} method adds a listener; a listener that throws never changes
 * the outcome of the call: the exception is caught, logged at WARN naming the listener's class, and ignored.
 */
public final class TeacherClientBuilder {

    private ClientSettings settings = ClientSettings.defaults();
    private ApiKey apiKey;
    private TierCatalog catalog = TierCatalog.moonshot();
    private TimeSource timeSource = SystemTimeSource.INSTANCE;
    private Sleeper sleeper = SystemSleeper.INSTANCE;
    /** Shared by every worker thread of the client once jitter is on, so the default must be thread-safe. */
    private RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;

    private final List<RetryListener> listeners = new ArrayList<>();
    private final List<TransportRetryListener> transportListeners = new ArrayList<>();
    private PacerRegistry pacers;
    /** A policy given as an object; when null the settings' policy name is looked up. */
    private BackoffPolicy policy;
    /** A transport given as an object; when null the client builds its own from the transport settings. */
    private HttpClient5Transport transport;
    /** A user's Apache client the client's own transport sends through; null for the transport's own. */
    private CloseableHttpClient httpClient;

    private final List<Consumer<String>> lineListeners = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    /** The values of the secret headers, redacted like the API key. */
    private final List<String> secrets = new ArrayList<>();
    /** The caller's scheduler and I/O executor for asynchronous calls; null for the client's own. */
    private ScheduledExecutorService scheduler;

    private Executor asyncExecutor;

    TeacherClientBuilder() {}

    /** Every knob at once (the API key is not a setting). */
    public TeacherClientBuilder withSettings(ClientSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
        return this;
    }

    /** The API base URL, e.g. {@code https://api.moonshot.ai/v1}. */
    public TeacherClientBuilder withEndpoint(String endpoint) {
        settings = settings.toBuilder().withEndpoint(endpoint).build();
        return this;
    }

    /** The API key; required. */
    public TeacherClientBuilder withApiKey(String key) {
        this.apiKey = ApiKey.of(key);
        return this;
    }

    /** The API key; required. */
    public TeacherClientBuilder withApiKey(ApiKey key) {
        this.apiKey = Objects.requireNonNull(key, "apiKey");
        return this;
    }

    /** A tier name from the catalog, or {@code auto} to detect it. */
    public TeacherClientBuilder withTier(String tier) {
        return withRateLimit(limits -> limits.withTier(tier));
    }

    /**
     * Starts at {@code tier}, which joins the catalog (replacing a tier of the same name) so that detection
     * and names keep working; detection still applies unless {@link #withSkipTierDetection skipped}.
     */
    public TeacherClientBuilder withTier(Tier tier) {
        Objects.requireNonNull(tier, "tier");
        List<Tier> tiers = new ArrayList<>(catalog.tiers());
        tiers.removeIf(known -> known.name().equals(tier.name()));
        tiers.add(tier);
        this.catalog = TierCatalog.of(tiers);
        return withTier(tier.name());
    }

    /** The tiers names refer to and detection maps to ({@link TierCatalog#moonshot()} by default). */
    public TeacherClientBuilder withTierCatalog(TierCatalog newCatalog) {
        this.catalog = Objects.requireNonNull(newCatalog, "catalog");
        return this;
    }

    /** The model used when a request names none. */
    public TeacherClientBuilder withModel(String model) {
        settings = settings.toBuilder().withModel(model).build();
        return this;
    }

    /** The backoff policy, by its registered name (see {@link BackoffPolicies}). */
    public TeacherClientBuilder withPolicy(String policyName) {
        return withRateLimit(limits -> limits.withPolicy(policyName));
    }

    /**
     * The backoff policy as an object: used as given, instead of the settings' policy name and its
     * rate-limit retry count, growth factor and jitter (those configure the named policies only).
     */
    public TeacherClientBuilder withPolicy(BackoffPolicy newPolicy) {
        this.policy = Objects.requireNonNull(newPolicy, "policy");
        return this;
    }

    /**
     * The transport to send with, used as it is (e.g. one shared by several clients, or built with its own pool,
     * timeouts and retry listeners) instead of one built from the {@linkplain ClientSettings#transport() transport
     * settings}, which are then ignored, and so are {@link #onTransportRetry} listeners and the client's transport
     * log lines. The client does not close it: its owner does, after the client.
     *
     * @param givenTransport the transport
     * @return this builder
     */
    public TeacherClientBuilder withTransport(HttpClient5Transport givenTransport) {
        this.transport = Objects.requireNonNull(givenTransport, "transport");
        return this;
    }

    /**
     * Sends through {@code client}, an Apache HttpClient 5 classic client built by the caller (e.g. with a proxy,
     * TLS material or interceptors), wrapped in a transport built from the client's transport settings as usual;
     * see {@link dev.progressivebackoff.transport.httpclient5.HttpClient5TransportBuilder#withHttpClient} for the
     * settings that then do not apply (pool size, connect and response timeouts, user agent) and those that still
     * do (transport retries, request deadline, response size cap; and the 429 loop and the pacer above them).
     * <b>The client's own retry strategy must not retry 429</b>: build it with {@code disableAutomaticRetries()}.
     * The caller owns the client and closes it after this client; {@link TeacherClient#poolStats()} is then all
     * zero. Ignored when a {@link #withTransport transport} is given.
     *
     * @param client the client
     * @return this builder
     */
    public TeacherClientBuilder withHttpClient(CloseableHttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "client");
        return this;
    }

    /** The tier detector, by its registered name (see {@link TierDetectors}). */
    public TeacherClientBuilder withTierDetector(String detectorName) {
        return withRateLimit(limits -> limits.withTierDetector(detectorName));
    }

    /** Rate-limit (429) retries (6 by default: 7 attempts). */
    public TeacherClientBuilder withMaxRateLimitRetries(int maxRetries) {
        return withRateLimit(limits -> limits.withMaxRateLimitRetries(maxRetries));
    }

    /** Transport retries on I/O errors and 5xx (5 by default); 429 is never among them. */
    public TeacherClientBuilder withMaxTransportRetries(int maxRetries) {
        return withTransport(transport -> transport.withMaxTransportRetries(maxRetries));
    }

    /** The first computed transport wait: retry n waits base × 2^(n−1) (2 s by default). */
    public TeacherClientBuilder withTransportBaseDelay(Duration baseDelay) {
        return withTransport(transport -> transport.withTransportBaseDelay(baseDelay));
    }

    /** Send no request just to detect the tier. */
    public TeacherClientBuilder withSkipTierDetection(boolean skip) {
        return withRateLimit(limits -> limits.withSkipTierDetection(skip));
    }

    /** Turns pacing on (the default) or off. */
    public TeacherClientBuilder withPace(boolean pace) {
        return withRateLimit(limits -> limits.withPace(pace));
    }

    private TeacherClientBuilder withRateLimit(UnaryOperator<RateLimitSettings.Builder> change) {
        RateLimitSettings limits =
                change.apply(settings.rateLimit().toBuilder()).build();
        settings = settings.toBuilder().withRateLimit(limits).build();
        return this;
    }

    private TeacherClientBuilder withTransport(UnaryOperator<TransportSettings.Builder> change) {
        TransportSettings transport =
                change.apply(settings.transport().toBuilder()).build();
        settings = settings.toBuilder().withTransport(transport).build();
        return this;
    }

    /** Where time is read (server dates, elapsed time). */
    public TeacherClientBuilder withTimeSource(TimeSource newTimeSource) {
        this.timeSource = Objects.requireNonNull(newTimeSource, "timeSource");
        return this;
    }

    /** How every wait (rate-limit and transport) happens. */
    public TeacherClientBuilder withSleeper(Sleeper newSleeper) {
        this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
        return this;
    }

    /**
     * The random source for jitter. Every thread calling the client draws from it, so it must be safe to
     * share (or the client used by one thread at a time). By default each thread draws from its own
     * {@link java.util.concurrent.ThreadLocalRandom}.
     */
    public TeacherClientBuilder withRandom(RandomGenerator newRandom) {
        this.random = Objects.requireNonNull(newRandom, "random");
        return this;
    }

    /** The random source the client will be built with (the thread-safe default unless one was given). */
    RandomGenerator random() {
        return random;
    }

    /**
     * The registry the client takes its pacer from: one pacer per rate-limit key, shared by every client
     * built with the same registry, so their requests on one key are paced together. Without it the client
     * creates its own registry on its time source and sleeper, whose holds last at most the
     * {@linkplain RateLimitSettings#maxServerWait() maximum server wait}. Ignored when pacing is off
     * ({@link RateLimitSettings#pace()} false: {@code --no-pace}). For a pacer shared across processes, give
     * {@code PacerRegistry.createKeyed(redisPacers::pacerFor)} (module {@code pacer-redis}).
     */
    public TeacherClientBuilder withPacerRegistry(PacerRegistry registry) {
        this.pacers = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * The scheduler where asynchronous calls ({@link TeacherClient#chatAsync}) schedule every wait: pacer, rate-limit
     * backoff, transport retries. Its tasks never block. Without it the client starts one daemon thread of its own on the first
     * asynchronous call and shuts it down on {@link TeacherClient#close()}; a given one is left to its owner.
     */
    public TeacherClientBuilder withScheduler(ScheduledExecutorService newScheduler) {
        this.scheduler = Objects.requireNonNull(newScheduler, "scheduler");
        return this;
    }

    /**
     * The executor where asynchronous calls run the transport's blocking I/O (sending a request and reading its
     * response, each transport retry's too; the waits between them are scheduled, never slept on it). Without it the client starts, on the first asynchronous call, a pool
     * of daemon threads as large as the connection pool, shut down on {@link TeacherClient#close()}; a given one
     * is left to its owner.
     */
    public TeacherClientBuilder withAsyncExecutor(Executor newExecutor) {
        this.asyncExecutor = Objects.requireNonNull(newExecutor, "executor");
        return this;
    }

    /**
     * Adds a header sent on every request of the client (chat, health check, tier detection), e.g. a label
     * that a proxy or a test server logs; a later call with the same name (ignoring case) replaces it. Not
     * for credentials: the API key goes through {@link #withApiKey} only, so it stays redacted.
     *
     * @throws IllegalArgumentException the name is blank or {@code Authorization}, or the name or the value
     *                                  holds a CR or LF (the message never repeats the value)
     */
    public TeacherClientBuilder withHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (hasLineBreak(name) || hasLineBreak(value)) {
            throw new IllegalArgumentException("a header name or value must not hold CR or LF");
        }
        if (name.isBlank() || name.strip().equalsIgnoreCase("Authorization")) {
            throw new IllegalArgumentException(
                    "not a header for withHeader: '" + name + "' (credentials go through withApiKey)");
        }
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
        return this;
    }

    /**
     * Adds a credential header sent on every request of the client, other than the API key's {@code Authorization}
     * (e.g. {@code x-api-key}, or a gateway's token header): its value is redacted ({@value ApiKey#REDACTED}) from
     * every line the client logs and every message it builds from a response, like the API key's.
     *
     * @param name  the header's name
     * @param value its value, never logged
     * @return this builder
     * @throws IllegalArgumentException as {@link #withHeader} (the message never repeats the value), or the value
     *                                  is blank
     */
    public TeacherClientBuilder withSecretHeader(String name, String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the value of a secret header must not be blank");
        }
        withHeader(name, value);
        secrets.add(value);
        return this;
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }

    /**
     * Adds a listener of the rate-limit loop's events (and of tier detection); listeners run in the order added.
     * One that throws never changes the outcome of the call: the exception is caught, logged at WARN naming the
     * listener's class, and ignored.
     */
    public TeacherClientBuilder onEvent(RetryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Adds a listener of transport retries; listeners run in the order added. One that throws never changes the
     * outcome of the call: the exception is caught, logged at WARN naming the listener's class, and ignored.
     */
    public TeacherClientBuilder onTransportRetry(TransportRetryListener listener) {
        transportListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Adds a receiver of every line the client logs (already redacted), e.g. to capture them. One that throws
     * never changes the outcome of the call: the exception is caught, logged at WARN naming the receiver's
     * class, and ignored.
     */
    public TeacherClientBuilder onLogLine(Consumer<String> listener) {
        lineListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * The client. Resolves the tier, the policy and the detector by name.
     *
     * @throws IllegalStateException                                        no API key was given
     * @throws IllegalArgumentException                                     an unknown tier name
     * @throws dev.progressivebackoff.core.policy.UnknownProviderException   an unknown policy or detector
     * @throws dev.progressivebackoff.transport.httpclient5.InsecureEndpointException the endpoint is plain
     *         http:// to a host that is not loopback and {@link TransportSettings#allowInsecureHttp()} is off
     */
    public TeacherClient build() {
        if (apiKey == null) {
            throw new IllegalStateException("an API key is required (withApiKey)");
        }
        settings.transport().checkEndpoint(settings.endpointUri());
        AsyncRuntime async =
                new AsyncRuntime(scheduler, asyncExecutor, settings.transport().poolSize());
        return new TeacherClient(
                new ClientAssembly(
                                settings,
                                apiKey,
                                catalog,
                                timeSource,
                                sleeper,
                                random,
                                pacers,
                                List.copyOf(lineListeners),
                                policy,
                                transport,
                                List.copyOf(secrets))
                        .sendingThrough(httpClient)
                        .parts(List.copyOf(listeners), List.copyOf(transportListeners), Map.copyOf(headers)),
                async);
    }
}
