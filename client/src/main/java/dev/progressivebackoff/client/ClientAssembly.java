package dev.progressivebackoff.client;

import dev.progressivebackoff.client.internal.ClientLog;
import dev.progressivebackoff.client.internal.ClientPacing;
import dev.progressivebackoff.client.internal.TierObserver;
import dev.progressivebackoff.client.internal.TierOverrides;
import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.policy.UnknownProviderException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.HttpClient5TransportBuilder;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.LoggerFactory;

/** Turns a {@link TeacherClientBuilder}'s configuration into the parts of a {@link TeacherClient}. */
final class ClientAssembly {

    private static final int TOO_MANY_REQUESTS = 429;
    private static final Duration MIN_HOLD = Duration.ofMillis(1);

    private final ClientSettings settings;
    private final RateLimitSettings limits;
    private final ApiKey apiKey;
    private final TierCatalog catalog;
    private final TimeSource timeSource;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final PacerRegistry pacers;
    private final ClientLog log;
    private final BackoffPolicy givenPolicy;
    /** A transport given to the builder, used as it is; null to build one from the settings. */
    private final HttpClient5Transport givenTransport;

    private final UnaryOperator<String> redactor;
    /** A user's Apache client the built transport sends through; null for the transport's own. */
    private CloseableHttpClient httpClient;

    ClientAssembly(
            ClientSettings settings,
            ApiKey apiKey,
            TierCatalog catalog,
            TimeSource timeSource,
            Sleeper sleeper,
            RandomGenerator random,
            PacerRegistry pacers,
            List<Consumer<String>> lines,
            BackoffPolicy givenPolicy,
            HttpClient5Transport givenTransport,
            List<String> secrets) {
        this.settings = settings;
        this.limits = settings.rateLimit();
        this.apiKey = apiKey;
        this.catalog = catalog;
        this.timeSource = timeSource;
        this.sleeper = sleeper;
        this.random = random;
        this.pacers = pacers;
        this.givenPolicy = givenPolicy;
        this.givenTransport = givenTransport;
        this.redactor = redactor(apiKey, secrets);
        this.log = new ClientLog(LoggerFactory.getLogger(TeacherClient.class), redactor, lines);
    }

    /** Builds the transport on the user's {@code client} (null: on its own), see {@link TeacherClientBuilder#withHttpClient}. */
    ClientAssembly sendingThrough(CloseableHttpClient client) {
        this.httpClient = client;
        return this;
    }

    /** Removes the API key and every secret header's value from a text; null stays null. */
    private static UnaryOperator<String> redactor(ApiKey apiKey, List<String> secrets) {
        return text -> {
            String safe = apiKey.redact(text);
            for (String secret : secrets) {
                safe = safe == null ? null : safe.replace(secret, ApiKey.REDACTED);
            }
            return safe;
        };
    }

    /** Resolves the tier, the policy and the detector by name, and builds the transport and the pacing. */
    Parts parts(
            List<RetryListener> listeners,
            List<TransportRetryListener> transportListeners,
            Map<String, String> headers) {
        boolean auto = limits.isAutoTier() && limits.rpm().isEmpty();
        Tier initial = initialTier();
        BackoffPolicy policy = givenPolicy != null
                ? givenPolicy
                : BackoffPolicies.load()
                        .create(
                                limits.policy(),
                                new PolicyOptions(
                                        limits.maxRateLimitRetries(),
                                        limits.backoffFactor(),
                                        Optional.empty(),
                                        limits.jitter(),
                                        false,
                                        random));
        TierObserver tiers = tiers(initial, auto);
        HttpClient5Transport transport = givenTransport != null ? givenTransport : transport(transportListeners);
        RetryListener listener = listeners.stream()
                .map(this::isolated)
                .reduce(RetryListener::andThen)
                .orElse(RetryListener.NONE);
        return new Parts(
                settings,
                apiKey,
                catalog,
                policy,
                tiers,
                transport,
                timeSource,
                sleeper,
                listener,
                log,
                pacing(initial, auto),
                headers,
                givenTransport == null,
                redactor,
                transportRetries(transportListeners));
    }

    /**
     * Told of each transport retry of another library's send (the guard's): logged as the transport's own retries
     * are, then the listeners, whose exceptions are ignored as the transport ignores them.
     */
    private TransportRetryListener transportRetries(List<TransportRetryListener> transportListeners) {
        List<TransportRetryListener> told = List.copyOf(transportListeners);
        return event -> {
            log.info(RetryLogLines.of(event));
            for (TransportRetryListener listener : told) {
                try {
                    listener.onRetry(event);
                } catch (RuntimeException ignored) {
                    // a listener must never break the request it observes
                }
            }
        };
    }

    /** {@code listener}, whose exceptions are logged at WARN, naming its class, and ignored. */
    private RetryListener isolated(RetryListener listener) {
        return event -> {
            try {
                listener.onEvent(event);
            } catch (RuntimeException failure) {
                ListenerErrorHandler.<RetryEvent>describingTo(line -> log.warn(RetryLogLines.PREFIX + line))
                        .onListenerError(listener, event, failure);
            }
        };
    }

    /**
     * Where the tier comes from. A tier or RPM the user gave, with detection skipped, is never replaced by
     * what headers suggest: a per-second limiter's quota header read as per minute must not become a tier
     * with a 12 s backoff.
     */
    private TierObserver tiers(Tier initial, boolean auto) {
        boolean fixedTier = limits.skipTierDetection() && !auto;
        TierDetector detector = fixedTier ? null : detector();
        if (detector == null && !fixedTier) {
            log.warn(RetryLogLines.PREFIX + "No tier detector '" + limits.tierDetector()
                    + "' on the class path; the tier stays " + initial.describe());
        }
        return detector == null
                ? TierObserver.fixed(initial)
                : TierObserver.detecting(initial, detector, catalog, auto);
    }

    /**
     * The transport: this client's transport settings, except that 429 is never a transport retry and the
     * longest {@code Retry-After} obeyed is the rate-limit settings' maximum server wait.
     */
    private HttpClient5Transport transport(List<TransportRetryListener> transportListeners) {
        TransportSettings.Builder transport =
                settings.transport().toBuilder().withMaxServerWait(limits.maxServerWait());
        List<Integer> statuses = settings.transport().retryStatusCodes();
        if (statuses.contains(TOO_MANY_REQUESTS)) {
            List<Integer> kept =
                    statuses.stream().filter(s -> s != TOO_MANY_REQUESTS).toList();
            log.warn(RetryLogLines.ignored429(kept));
            transport.withRetryStatusCodes(kept);
        }
        HttpClient5TransportBuilder builder = HttpClient5Transport.builder()
                .withSettings(transport.build())
                .withTimeSource(timeSource)
                .withSleeper(sleeper)
                .onRetry(event -> log.info(RetryLogLines.of(event)));
        transportListeners.forEach(builder::onRetry);
        if (httpClient != null) {
            builder.withHttpClient(httpClient);
        }
        return builder.build();
    }

    private ClientPacing pacing(Tier initial, boolean auto) {
        PacerRegistry registry = !limits.pace() ? PacerRegistry.disabled() : pacers != null ? pacers : ownRegistry();
        return ClientPacing.create(
                registry,
                RateLimitKey.of(settings.endpoint(), apiKey.reveal()),
                initial,
                !auto,
                new TierOverrides(limits.rpm(), limits.tpm(), limits.tpd()));
    }

    /**
     * GCRA pacers on this client's time source and sleeper whose holds (a spent window's {@code reset}, a
     * cool-down) last at most the maximum server wait: a spent window resetting later makes each request fail
     * at once (rate limited until its reset), nothing sent, rather than wait longer than the user allows.
     */
    private PacerRegistry ownRegistry() {
        Duration maxHold = limits.maxServerWait().compareTo(MIN_HOLD) < 0 ? MIN_HOLD : limits.maxServerWait();
        TimeSource time = timeSource;
        Sleeper sleep = sleeper;
        Duration tokenWindow = limits.tokenWindow();
        return PacerRegistry.create(tier -> Pacer.builder()
                .withTier(tier)
                .withTimeSource(time)
                .withSleeper(sleep)
                .withMaxHold(maxHold)
                .withTokenWindows(tokenWindow, Duration.ofDays(1))
                .build());
    }

    private Tier initialTier() {
        if (limits.rpm().isPresent()) {
            int rpm = limits.rpm().getAsInt();
            if (limits.isAutoTier()) {
                return catalog.forRpm(rpm);
            }
            Tier named = catalog.byName(limits.tier()).orElse(Tier.of(limits.tier(), rpm));
            return overrides().apply(named.withRpm(rpm));
        }
        if (limits.isAutoTier()) {
            return overrides()
                    .apply(catalog.tiers().stream()
                            .min(Comparator.comparingInt(Tier::requestsPerMinute))
                            .orElseThrow());
        }
        return overrides().apply(catalog.require(limits.tier()));
    }

    private TierOverrides overrides() {
        return new TierOverrides(limits.rpm(), limits.tpm(), limits.tpd());
    }

    private TierDetector detector() {
        try {
            return TierDetectors.load().get(limits.tierDetector());
        } catch (UnknownProviderException missing) {
            if (limits.tierDetector().equals(TierDetectors.DEFAULT_NAME)) {
                return null;
            }
            throw missing;
        }
    }

    /** What the client is made of. */
    record Parts(
            ClientSettings settings,
            ApiKey apiKey,
            TierCatalog catalog,
            BackoffPolicy policy,
            TierObserver tiers,
            HttpClient5Transport transport,
            TimeSource timeSource,
            Sleeper sleeper,
            RetryListener listener,
            ClientLog log,
            ClientPacing pacing,
            Map<String, String> headers,
            boolean ownsTransport,
            UnaryOperator<String> redactor,
            TransportRetryListener transportRetries) {}
}
