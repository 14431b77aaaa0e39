package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.policy.Jitter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Builds {@link BackoffSettings} field by field; not thread-safe. Values are checked when
 * {@link #build()} runs (the record's constructor names the offending field).
 */
public final class BackoffSettingsBuilder {
    private String endpoint;
    private String model;
    private String tier;
    private OptionalInt rpm;
    private int maxRetries;
    private double retryBackoffFactor;
    private List<Integer> retryStatusCodes;
    private Duration maxRetryWait;
    private int maxRateLimitRetries;
    private double backoffFactor;
    private Duration maxServerWait;
    private Jitter jitter;
    private int concurrency;
    private Duration connectTimeout;
    private Duration responseTimeout;
    private long maxResponseBytes;
    private String policy;
    private String tierDetector;
    private boolean skipTierDetection;
    private boolean skipHealthCheck;
    private boolean pace;
    private boolean allowInsecureHttp;
    private Optional<URI> redis;
    private String redisFailure;

    BackoffSettingsBuilder(BackoffSettings from) {
        this.endpoint = from.endpoint();
        this.model = from.model();
        this.tier = from.tier();
        this.rpm = from.rpm();
        this.maxRetries = from.maxRetries();
        this.retryBackoffFactor = from.retryBackoffFactor();
        this.retryStatusCodes = from.retryStatusCodes();
        this.maxRetryWait = from.maxRetryWait();
        this.maxRateLimitRetries = from.maxRateLimitRetries();
        this.backoffFactor = from.backoffFactor();
        this.maxServerWait = from.maxServerWait();
        this.jitter = from.jitter();
        this.concurrency = from.concurrency();
        this.connectTimeout = from.connectTimeout();
        this.responseTimeout = from.responseTimeout();
        this.maxResponseBytes = from.maxResponseBytes();
        this.policy = from.policy();
        this.tierDetector = from.tierDetector();
        this.skipTierDetection = from.skipTierDetection();
        this.skipHealthCheck = from.skipHealthCheck();
        this.pace = from.pace();
        this.allowInsecureHttp = from.allowInsecureHttp();
        this.redis = from.redis();
        this.redisFailure = from.redisFailure();
    }

    /** Sets the API base URL. */
    public BackoffSettingsBuilder withEndpoint(String value) {
        this.endpoint = value;
        return this;
    }

    /** Sets the default model. */
    public BackoffSettingsBuilder withModel(String value) {
        this.model = value;
        return this;
    }

    /** Sets a tier name or {@code auto}. */
    public BackoffSettingsBuilder withTier(String value) {
        this.tier = value;
        return this;
    }

    /** Sets an RPM override, or empty. */
    public BackoffSettingsBuilder withRpm(OptionalInt value) {
        this.rpm = value;
        return this;
    }

    /** Sets transport retries. */
    public BackoffSettingsBuilder withMaxRetries(int value) {
        this.maxRetries = value;
        return this;
    }

    /** Sets the transport backoff factor. */
    public BackoffSettingsBuilder withRetryBackoffFactor(double value) {
        this.retryBackoffFactor = value;
        return this;
    }

    /** Sets statuses the transport retries. */
    public BackoffSettingsBuilder withRetryStatusCodes(Collection<Integer> value) {
        this.retryStatusCodes = value == null ? null : new ArrayList<>(value);
        return this;
    }

    /** Sets the cap on transport waits. */
    public BackoffSettingsBuilder withMaxRetryWait(Duration value) {
        this.maxRetryWait = value;
        return this;
    }

    /** Sets rate-limit retries. */
    public BackoffSettingsBuilder withMaxRateLimitRetries(int value) {
        this.maxRateLimitRetries = value;
        return this;
    }

    /** Sets the rate-limit backoff factor. */
    public BackoffSettingsBuilder withBackoffFactor(double value) {
        this.backoffFactor = value;
        return this;
    }

    /** Sets the longest server-requested wait obeyed. */
    public BackoffSettingsBuilder withMaxServerWait(Duration value) {
        this.maxServerWait = value;
        return this;
    }

    /** Sets jitter of computed rate-limit waits. */
    public BackoffSettingsBuilder withJitter(Jitter value) {
        this.jitter = value;
        return this;
    }

    /** Sets the connection pool size. */
    public BackoffSettingsBuilder withConcurrency(int value) {
        this.concurrency = value;
        return this;
    }

    /** Sets the connect timeout. */
    public BackoffSettingsBuilder withConnectTimeout(Duration value) {
        this.connectTimeout = value;
        return this;
    }

    /** Sets the response timeout. */
    public BackoffSettingsBuilder withResponseTimeout(Duration value) {
        this.responseTimeout = value;
        return this;
    }

    /** Sets the body size cap. */
    public BackoffSettingsBuilder withMaxResponseBytes(long value) {
        this.maxResponseBytes = value;
        return this;
    }

    /** Sets the backoff policy name. */
    public BackoffSettingsBuilder withPolicy(String value) {
        this.policy = value;
        return this;
    }

    /** Sets the tier detector name. */
    public BackoffSettingsBuilder withTierDetector(String value) {
        this.tierDetector = value;
        return this;
    }

    /** Sets whether to skip the tier detection request. */
    public BackoffSettingsBuilder withSkipTierDetection(boolean value) {
        this.skipTierDetection = value;
        return this;
    }

    /** Sets whether callers skip the health check. */
    public BackoffSettingsBuilder withSkipHealthCheck(boolean value) {
        this.skipHealthCheck = value;
        return this;
    }

    /**
     * Allows a plain {@code http://} endpoint that is not loopback, over which the API key travels in clear
     * (refused by default).
     */
    public BackoffSettingsBuilder withAllowInsecureHttp(boolean value) {
        this.allowInsecureHttp = value;
        return this;
    }

    /** Sets whether requests are paced. */
    public BackoffSettingsBuilder withPace(boolean value) {
        this.pace = value;
        return this;
    }

    /** Sets the Redis server a shared pacer lives in, or none. */
    public BackoffSettingsBuilder withRedis(Optional<URI> value) {
        this.redis = value;
        return this;
    }

    /** Sets what to do while Redis is unavailable: {@code fallback} or {@code stop}. */
    public BackoffSettingsBuilder withRedisFailure(String value) {
        this.redisFailure = value;
        return this;
    }

    /** The settings; throws {@link IllegalArgumentException} naming the first invalid field. */
    public BackoffSettings build() {
        return new BackoffSettings(endpoint, model, tier, rpm, maxRetries, retryBackoffFactor, retryStatusCodes,
                maxRetryWait, maxRateLimitRetries, backoffFactor, maxServerWait, jitter, concurrency, connectTimeout,
                responseTimeout, maxResponseBytes, policy, tierDetector, skipTierDetection, skipHealthCheck, pace,
                allowInsecureHttp, redis, redisFailure);
    }
}
