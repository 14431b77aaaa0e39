package dev.progressivebackoff.client;

import dev.progressivebackoff.client.internal.ClientLog;
import dev.progressivebackoff.client.internal.ClientPacing;
import dev.progressivebackoff.client.internal.ThreadLocalRandomGenerator;
import dev.progressivebackoff.client.internal.TierObserver;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.policy.UnknownProviderException;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.BackoffSettings;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.LoggerFactory;

/**
 * Configures a {@link TeacherClient}; not thread-safe. Starts from {@link BackoffSettings#defaults()};
 * {@link #withSettings} replaces them all, the other {@code withX} methods change one knob. Only the API
 * key is required.
 */
public final class TeacherClientBuilder {

    private static final int TOO_MANY_REQUESTS = 429;
    private static final Duration MIN_HOLD = Duration.ofMillis(1);

    private BackoffSettings settings = BackoffSettings.defaults();
    private ApiKey apiKey;
    private TierCatalog catalog = TierCatalog.moonshot();
    private TimeSource timeSource = SystemTimeSource.INSTANCE;
    private Sleeper sleeper = SystemSleeper.INSTANCE;
    /** Shared by every worker thread of the client once jitter is on, so the default must be thread-safe. */
    private RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;
    private RetryListener listener = RetryListener.NONE;
    private TransportRetryListener transportListener = TransportRetryListener.NONE;
    private PacerRegistry pacers;
    private final List<Consumer<String>> lineListeners = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    TeacherClientBuilder() {
    }

    /** Every knob at once (the API key is not a setting). */
    public TeacherClientBuilder withSettings(BackoffSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
        return this;
    }

    /** The API base URL, e.g. {@code https://api.moonshot.ai/v1}. */
    public TeacherClientBuilder withEndpoint(String endpoint) {
        settings = settings.withEndpoint(endpoint);
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
        settings = settings.withTier(tier);
        return this;
    }

    /** The tiers names refer to and detection maps to ({@link TierCatalog#moonshot()} by default). */
    public TeacherClientBuilder withTierCatalog(TierCatalog newCatalog) {
        this.catalog = Objects.requireNonNull(newCatalog, "catalog");
        return this;
    }

    /** The model used when a request names none. */
    public TeacherClientBuilder withModel(String model) {
        settings = settings.withModel(model);
        return this;
    }

    /** The backoff policy, by its registered name (see {@link BackoffPolicies}). */
    public TeacherClientBuilder withPolicy(String policyName) {
        settings = settings.withPolicy(policyName);
        return this;
    }

    /** The tier detector, by its registered name (see {@link TierDetectors}). */
    public TeacherClientBuilder withTierDetector(String detectorName) {
        settings = settings.withTierDetector(detectorName);
        return this;
    }

    /** Transport retries on I/O errors and 5xx (5 by default). */
    public TeacherClientBuilder withMaxRetries(int maxRetries) {
        settings = settings.withMaxRetries(maxRetries);
        return this;
    }

    /** Transport backoff factor (2.0 by default). */
    public TeacherClientBuilder withRetryBackoffFactor(double factor) {
        settings = settings.withRetryBackoffFactor(factor);
        return this;
    }

    /** Send no request just to detect the tier. */
    public TeacherClientBuilder withSkipTierDetection(boolean skip) {
        settings = settings.withSkipTierDetection(skip);
        return this;
    }

    /** Callers should send no health check (the client itself never sends one unasked). */
    public TeacherClientBuilder withSkipHealthCheck(boolean skip) {
        settings = settings.withSkipHealthCheck(skip);
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
     * {@linkplain BackoffSettings#maxServerWait() maximum server wait}. Ignored when pacing is off
     * ({@link BackoffSettings#pace()} false: {@code --no-pace}). For a pacer shared across processes, give
     * {@code PacerRegistry.createKeyed(redisPacers::pacerFor)} (module {@code pacer-redis}).
     */
    public TeacherClientBuilder withPacerRegistry(PacerRegistry registry) {
        this.pacers = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /** Turns pacing on (the default) or off; the same as {@code withSettings(settings.withPace(pace))}. */
    public TeacherClientBuilder withPace(boolean pace) {
        settings = settings.withPace(pace);
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
            throw new IllegalArgumentException("not a header for withHeader: '" + name
                    + "' (credentials go through withApiKey)");
        }
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
        return this;
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }

    /** Adds a listener of the rate-limit loop's events (and of tier detection). */
    public TeacherClientBuilder onEvent(RetryListener added) {
        Objects.requireNonNull(added, "listener");
        this.listener = listener == RetryListener.NONE ? added : listener.andThen(added);
        return this;
    }

    /** Adds a listener of transport retries. */
    public TeacherClientBuilder onTransportRetry(TransportRetryListener added) {
        Objects.requireNonNull(added, "listener");
        TransportRetryListener before = transportListener;
        this.transportListener = before == TransportRetryListener.NONE ? added : event -> {
            try {
                before.onRetry(event);
            } finally {
                added.onRetry(event);
            }
        };
        return this;
    }

    /** Adds a receiver of every line the client logs (already redacted), e.g. to capture them. */
    public TeacherClientBuilder onLogLine(Consumer<String> added) {
        lineListeners.add(Objects.requireNonNull(added, "listener"));
        return this;
    }

    /**
     * The client. Resolves the tier, the policy and the detector by name.
     *
     * @throws IllegalStateException                                      no API key was given
     * @throws IllegalArgumentException                                   an unknown tier name
     * @throws dev.progressivebackoff.core.policy.UnknownProviderException an unknown policy or detector
     */
    public TeacherClient build() {
        if (apiKey == null) {
            throw new IllegalStateException("an API key is required (withApiKey)");
        }
        ApiKey key = apiKey;
        ClientLog log = new ClientLog(LoggerFactory.getLogger(TeacherClient.class), key::redact, lineListeners);
        boolean auto = settings.isAutoTier() && settings.rpm().isEmpty();
        Tier initial = initialTier();
        BackoffPolicy policy = BackoffPolicies.load().create(settings.policy(), new PolicyOptions(
                settings.maxRateLimitRetries(), settings.backoffFactor(), Optional.empty(), settings.jitter(), false,
                random));
        TierObserver tiers = tiers(initial, auto, log);
        HttpClient5Transport transport = transport(log);
        return new TeacherClient(new Parts(settings, key, catalog, policy, tiers, transport, timeSource, sleeper,
                listener, log, pacing(key, initial, auto), Map.copyOf(headers)));
    }

    /**
     * Where the tier comes from. A tier or RPM the user gave, with detection skipped, is never replaced by
     * what headers suggest: a per-second limiter's quota header read as per minute must not become a tier
     * with a 12 s backoff.
     */
    private TierObserver tiers(Tier initial, boolean auto, ClientLog log) {
        boolean fixedTier = settings.skipTierDetection() && !auto;
        TierDetector detector = fixedTier ? null : detector();
        if (detector == null && !fixedTier) {
            log.warn(RetryLogLines.PREFIX + "No tier detector '" + settings.tierDetector()
                    + "' on the class path; the tier stays " + initial.describe());
        }
        return detector == null ? TierObserver.fixed(initial)
                : TierObserver.detecting(initial, detector, catalog, auto);
    }

    /** The transport: this client's settings, except that 429 is never a transport retry. */
    private HttpClient5Transport transport(ClientLog log) {
        BackoffSettings transportSettings = settings;
        if (settings.retryStatusCodes().contains(TOO_MANY_REQUESTS)) {
            List<Integer> kept = settings.retryStatusCodes().stream().filter(s -> s != TOO_MANY_REQUESTS).toList();
            log.warn(RetryLogLines.ignored429(kept));
            transportSettings = settings.withRetryStatusCodes(kept);
        }
        TransportRetryListener userTransport = transportListener;
        return HttpClient5Transport.builder()
                .withSettings(transportSettings)
                .withTimeSource(timeSource)
                .withSleeper(sleeper)
                .onRetry(event -> {
                    log.info(RetryLogLines.of(event));
                    userTransport.onRetry(event);
                })
                .build();
    }

    private ClientPacing pacing(ApiKey key, Tier initial, boolean auto) {
        PacerRegistry registry = !settings.pace() ? PacerRegistry.disabled()
                : pacers != null ? pacers : ownRegistry();
        return ClientPacing.create(registry, RateLimitKey.of(settings.endpoint(), key.reveal()), initial, !auto,
                settings.rpm());
    }

    /**
     * GCRA pacers on this client's time source and sleeper whose holds (a spent window's {@code reset}, a
     * cool-down) last at most the maximum server wait, so a long reset makes the request go out and fail
     * fast as the loop decides, rather than wait longer than the user allows.
     */
    private PacerRegistry ownRegistry() {
        Duration maxHold = settings.maxServerWait().compareTo(MIN_HOLD) < 0 ? MIN_HOLD : settings.maxServerWait();
        TimeSource time = timeSource;
        Sleeper sleep = sleeper;
        return PacerRegistry.create(tier -> Pacer.builder().withTier(tier).withTimeSource(time).withSleeper(sleep)
                .withMaxHold(maxHold).build());
    }

    private Tier initialTier() {
        if (settings.rpm().isPresent()) {
            int rpm = settings.rpm().getAsInt();
            if (settings.isAutoTier()) {
                return catalog.forRpm(rpm);
            }
            Tier named = catalog.byName(settings.tier()).orElse(Tier.of(settings.tier(), rpm));
            return new Tier(named.name(), rpm, named.maxConcurrency(), Tier.baseDelayFor(rpm), named.aliases());
        }
        if (settings.isAutoTier()) {
            return catalog.tiers().stream().min(Comparator.comparingInt(Tier::requestsPerMinute)).orElseThrow();
        }
        return catalog.require(settings.tier());
    }

    private TierDetector detector() {
        try {
            return TierDetectors.load().get(settings.tierDetector());
        } catch (UnknownProviderException missing) {
            if (settings.tierDetector().equals(TierDetectors.DEFAULT_NAME)) {
                return null;
            }
            throw missing;
        }
    }

    /** What the client is made of. */
    record Parts(BackoffSettings settings, ApiKey apiKey, TierCatalog catalog, BackoffPolicy policy,
                 TierObserver tiers, HttpClient5Transport transport, TimeSource timeSource, Sleeper sleeper,
                 RetryListener listener, ClientLog log, ClientPacing pacing, Map<String, String> headers) {
    }
}
