package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.transport.httpclient5.internal.PlainHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Every knob of the client in one value, with the documented defaults ({@link #defaults()}). Production code,
 * the CLI and the tests all build their client from this object (loadable from JSON with
 * {@code BackoffSettingsJson} in the client module), so their settings cannot drift apart. Holds no credentials.
 *
 * @param endpoint            the API base URL, e.g. {@code https://api.moonshot.ai/v1} (no trailing slash)
 * @param model               the model used when a request names none
 * @param tier                a tier name from the catalog, or {@code auto} to detect it
 * @param rpm                 a requests-per-minute figure that overrides the tier's (a custom tier)
 * @param maxRetries          transport retries on I/O errors and retryable statuses (5: 6 attempts)
 * @param retryBackoffFactor  transport waits are factor × 2^(n−1) s (2.0)
 * @param retryStatusCodes    statuses the transport retries (500, 502, 503, 504); 429 is always ignored
 * @param maxRetryWait        cap on transport waits (120 s)
 * @param maxRateLimitRetries rate-limit (429) retries (6: 7 attempts)
 * @param backoffFactor       rate-limit waits are base(tier) × factor^(n−1) (2.0)
 * @param maxServerWait       the longest server-requested wait obeyed (900 s); longer ones fail fast
 * @param jitter              randomisation of computed rate-limit waits ({@link Jitter#NONE})
 * @param concurrency         connection pool size, in total and per route (16)
 * @param connectTimeout      TCP connect timeout (10 s)
 * @param responseTimeout     how long to wait for response data (5 min)
 * @param maxResponseBytes    the largest response body read (8 MiB)
 * @param policy              the backoff policy's name ({@code tier-aware-exponential})
 * @param tierDetector        the tier detector's name ({@code headers})
 * @param skipTierDetection   send no request just to detect the tier (headers of real responses still count)
 * @param skipHealthCheck     callers (the CLI) send no health check before work
 * @param pace                space requests at the tier's RPM before they are sent
 * @param allowInsecureHttp   allow a plain {@code http://} endpoint that is not loopback (the API key would
 *                            travel in clear); refused by default. TLS verification itself can never be turned off.
 * @param redis               a Redis server ({@code redis://HOST:PORT[/DB]}, no credentials) whose shared pacer
 *                            every process using the key paces through; read by the CLI, which wires it with
 *                            the teacher client's {@code withPacerRegistry} (this module does not use Redis)
 * @param redisFailure        what to do while that Redis is unavailable: {@value #REDIS_FALLBACK} (pace locally
 *                            at a conservative share of the quota) or {@value #REDIS_STOP} (start nothing)
 */
public record BackoffSettings(
        String endpoint,
        String model,
        String tier,
        OptionalInt rpm,
        int maxRetries,
        double retryBackoffFactor,
        List<Integer> retryStatusCodes,
        Duration maxRetryWait,
        int maxRateLimitRetries,
        double backoffFactor,
        Duration maxServerWait,
        Jitter jitter,
        int concurrency,
        Duration connectTimeout,
        Duration responseTimeout,
        long maxResponseBytes,
        String policy,
        String tierDetector,
        boolean skipTierDetection,
        boolean skipHealthCheck,
        boolean pace,
        boolean allowInsecureHttp,
        Optional<URI> redis,
        String redisFailure) {

    /** The tier value that asks for detection. */
    public static final String AUTO_TIER = "auto";
    /** Moonshot's OpenAI-compatible API. */
    public static final String DEFAULT_ENDPOINT = "https://api.moonshot.ai/v1";
    /** The model used when none is configured. */
    public static final String DEFAULT_MODEL = "moonshot-v1-8k";
    /** 500, 502, 503, 504. */
    public static final List<Integer> DEFAULT_RETRY_STATUS_CODES = List.of(500, 502, 503, 504);
    /** The largest body a response may have by default: 8 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;
    /** {@link #redisFailure()}: pace locally at a conservative share of the quota until Redis answers. */
    public static final String REDIS_FALLBACK = "fallback";
    /** {@link #redisFailure()}: start no request until Redis answers. */
    public static final String REDIS_STOP = "stop";
    /** The largest body size that can be configured (a Java array's limit). */
    public static final long MAX_RESPONSE_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    public BackoffSettings {
        endpoint = normalizedEndpoint(endpoint);
        model = nonBlank("model", model);
        tier = nonBlank("tier", tier);
        Objects.requireNonNull(rpm, "rpm");
        if (rpm.isPresent() && rpm.getAsInt() <= 0) {
            throw new IllegalArgumentException("rpm must be positive: " + rpm.getAsInt());
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (!(retryBackoffFactor >= 0) || Double.isInfinite(retryBackoffFactor)) {
            throw new IllegalArgumentException("retryBackoffFactor must be a finite number >= 0: " + retryBackoffFactor);
        }
        Objects.requireNonNull(retryStatusCodes, "retryStatusCodes");
        for (Integer code : retryStatusCodes) {
            if (code == null || code < 100 || code > 599) {
                throw new IllegalArgumentException("retryStatusCodes must be HTTP statuses 100-599: " + code);
            }
        }
        retryStatusCodes = List.copyOf(new TreeSet<>(retryStatusCodes));
        positive("maxRetryWait", maxRetryWait);
        if (maxRateLimitRetries < 0) {
            throw new IllegalArgumentException("maxRateLimitRetries must not be negative: " + maxRateLimitRetries);
        }
        if (!(backoffFactor >= 1.0) || Double.isInfinite(backoffFactor)) {
            throw new IllegalArgumentException("backoffFactor must be a finite number >= 1.0: " + backoffFactor);
        }
        Objects.requireNonNull(maxServerWait, "maxServerWait");
        if (maxServerWait.isNegative()) {
            throw new IllegalArgumentException("maxServerWait must not be negative: " + maxServerWait);
        }
        Objects.requireNonNull(jitter, "jitter");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        positive("connectTimeout", connectTimeout);
        positive("responseTimeout", responseTimeout);
        if (maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxResponseBytes must be between 1 and " + MAX_RESPONSE_BYTES_LIMIT
                    + ": " + maxResponseBytes);
        }
        policy = nonBlank("policy", policy);
        tierDetector = nonBlank("tierDetector", tierDetector);
        Objects.requireNonNull(redis, "redis");
        redis.ifPresent(BackoffSettings::checkRedis);
        redisFailure = nonBlank("redisFailure", redisFailure).toLowerCase(Locale.ROOT);
        if (!redisFailure.equals(REDIS_FALLBACK) && !redisFailure.equals(REDIS_STOP)) {
            throw new IllegalArgumentException("redisFailure must be " + REDIS_FALLBACK + " or " + REDIS_STOP + ": "
                    + redisFailure);
        }
    }

    /** The documented defaults: Moonshot, tier {@code auto}, 5 transport retries, 6 rate-limit retries, factor 2.0. */
    public static BackoffSettings defaults() {
        return new BackoffSettings(DEFAULT_ENDPOINT, DEFAULT_MODEL, AUTO_TIER, OptionalInt.empty(), 5, 2.0,
                DEFAULT_RETRY_STATUS_CODES, Duration.ofSeconds(120), 6, 2.0, Duration.ofSeconds(900), Jitter.NONE,
                16, Duration.ofSeconds(10), Duration.ofMinutes(5), DEFAULT_MAX_RESPONSE_BYTES,
                BackoffPolicies.DEFAULT_NAME, TierDetectors.DEFAULT_NAME, false, false, true, false, Optional.empty(),
                REDIS_FALLBACK);
    }

    /** True if the tier is to be detected rather than configured. */
    public boolean isAutoTier() {
        return tier.equalsIgnoreCase(AUTO_TIER);
    }

    /**
     * True if the endpoint is plain {@code http://} to a host that is not loopback ({@code localhost},
     * {@code 127.0.0.0/8}, {@code ::1}): the API key and the prompts would travel in clear.
     */
    public boolean isInsecureEndpoint() {
        return PlainHttp.isInsecure(endpointUri());
    }

    /** The endpoint as a URI. */
    public URI endpointUri() {
        return URI.create(endpoint);
    }

    /** A builder starting from the {@link #defaults()}. */
    public static BackoffSettingsBuilder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public BackoffSettingsBuilder toBuilder() {
        return new BackoffSettingsBuilder(this);
    }

    /** A copy with another endpoint. */
    public BackoffSettings withEndpoint(String value) {
        return toBuilder().withEndpoint(value).build();
    }

    /** A copy with another default model. */
    public BackoffSettings withModel(String value) {
        return toBuilder().withModel(value).build();
    }

    /** A copy with another tier name, or {@code auto}. */
    public BackoffSettings withTier(String value) {
        return toBuilder().withTier(value).build();
    }

    /** A copy with an RPM override. */
    public BackoffSettings withRpm(int value) {
        return toBuilder().withRpm(OptionalInt.of(value)).build();
    }

    /** A copy with another transport retry count. */
    public BackoffSettings withMaxRetries(int value) {
        return toBuilder().withMaxRetries(value).build();
    }

    /** A copy with another transport backoff factor. */
    public BackoffSettings withRetryBackoffFactor(double value) {
        return toBuilder().withRetryBackoffFactor(value).build();
    }

    /** A copy with other transport retry statuses. */
    public BackoffSettings withRetryStatusCodes(Collection<Integer> value) {
        return toBuilder().withRetryStatusCodes(value).build();
    }

    /** A copy with another cap on transport waits. */
    public BackoffSettings withMaxRetryWait(Duration value) {
        return toBuilder().withMaxRetryWait(value).build();
    }

    /** A copy with another rate-limit retry count. */
    public BackoffSettings withMaxRateLimitRetries(int value) {
        return toBuilder().withMaxRateLimitRetries(value).build();
    }

    /** A copy with another rate-limit backoff factor. */
    public BackoffSettings withBackoffFactor(double value) {
        return toBuilder().withBackoffFactor(value).build();
    }

    /** A copy with another maximum server wait. */
    public BackoffSettings withMaxServerWait(Duration value) {
        return toBuilder().withMaxServerWait(value).build();
    }

    /** A copy with other jitter. */
    public BackoffSettings withJitter(Jitter value) {
        return toBuilder().withJitter(value).build();
    }

    /** A copy with another pool size. */
    public BackoffSettings withConcurrency(int value) {
        return toBuilder().withConcurrency(value).build();
    }

    /** A copy with another connect timeout. */
    public BackoffSettings withConnectTimeout(Duration value) {
        return toBuilder().withConnectTimeout(value).build();
    }

    /** A copy with another response timeout. */
    public BackoffSettings withResponseTimeout(Duration value) {
        return toBuilder().withResponseTimeout(value).build();
    }

    /** A copy with another body size cap. */
    public BackoffSettings withMaxResponseBytes(long value) {
        return toBuilder().withMaxResponseBytes(value).build();
    }

    /** A copy with another policy name. */
    public BackoffSettings withPolicy(String value) {
        return toBuilder().withPolicy(value).build();
    }

    /** A copy with another tier detector name. */
    public BackoffSettings withTierDetector(String value) {
        return toBuilder().withTierDetector(value).build();
    }

    /** A copy that does (or does not) skip the tier detection request. */
    public BackoffSettings withSkipTierDetection(boolean value) {
        return toBuilder().withSkipTierDetection(value).build();
    }

    /** A copy that does (or does not) skip the health check. */
    public BackoffSettings withSkipHealthCheck(boolean value) {
        return toBuilder().withSkipHealthCheck(value).build();
    }

    /** A copy that allows (or refuses) a plain {@code http://} endpoint that is not loopback. */
    public BackoffSettings withAllowInsecureHttp(boolean value) {
        return toBuilder().withAllowInsecureHttp(value).build();
    }

    /** A copy with pacing on or off. */
    public BackoffSettings withPace(boolean value) {
        return toBuilder().withPace(value).build();
    }

    /** A copy that paces through the Redis at {@code value} ({@code redis://HOST:PORT[/DB]}). */
    public BackoffSettings withRedis(URI value) {
        return toBuilder().withRedis(Optional.of(value)).build();
    }

    /** A copy with another failure mode for Redis: {@value #REDIS_FALLBACK} or {@value #REDIS_STOP}. */
    public BackoffSettings withRedisFailure(String value) {
        return toBuilder().withRedisFailure(value).build();
    }

    private static void checkRedis(URI redis) {
        String scheme = redis.getScheme() == null ? "" : redis.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("redis") || scheme.equals("rediss")) || redis.getHost() == null) {
            throw new IllegalArgumentException("redis must be redis://HOST:PORT[/DB]: " + redis.getScheme() + "://"
                    + redis.getHost());
        }
        if (redis.getRawUserInfo() != null || redis.getRawQuery() != null || redis.getRawFragment() != null) {
            throw new IllegalArgumentException("redis must not hold credentials, a query or a fragment "
                    + "(settings hold no secrets): redis://" + redis.getHost());
        }
        String path = redis.getPath() == null ? "" : redis.getPath();
        if (!path.isEmpty() && !path.matches("/\\d{1,2}")) {
            throw new IllegalArgumentException("redis database must be a number, as in redis://HOST:PORT/0");
        }
    }

    private static String normalizedEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String trimmed = endpoint.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URL: " + endpoint);
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException(
                        "endpoint must not have user info, a query or a fragment: " + uri.getHost());
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a valid URL: " + e.getMessage(), e);
        }
        return trimmed;
    }

    private static String nonBlank(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value.trim();
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
    }
}
