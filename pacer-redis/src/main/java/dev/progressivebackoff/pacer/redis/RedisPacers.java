package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacer.redis.internal.PacerScript;
import dev.progressivebackoff.pacer.redis.internal.RedisConnector;
import dev.progressivebackoff.pacer.redis.internal.RedisDownException;
import dev.progressivebackoff.pacer.redis.internal.RedisLink;
import dev.progressivebackoff.pacer.redis.internal.TokenScript;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Pacers whose schedules live in one Redis server, one {@link RedisPacer} per {@link RateLimitKey}, over one
 * shared connection. Every process that uses an API key against an endpoint connects its own
 * {@code RedisPacers} to the same Redis, and their requests on that key are paced together:
 *
 * <pre>{@code
 * try (RedisPacers redis = RedisPacers.connect(URI.create("redis://127.0.0.1:6379"))) {
 *     Pacer pacer = redis.pacerFor(RateLimitKey.of(endpoint, apiKey), tier);
 *     ...
 * }
 * }</pre>
 *
 * <p>Close it when done: that closes the connection and its threads. Thread-safe.
 */
public final class RedisPacers implements AutoCloseable {

    private final RedisConnector connector;
    private final RedisLink link;
    private final PacerScript script;
    private final TokenScript tokenScript = TokenScript.load();
    private final PacerConfig config;
    private final String keyPrefix;
    private final ConcurrentMap<RateLimitKey, RedisPacer> pacers = new ConcurrentHashMap<>();

    private RedisPacers(
            RedisConnector connector, RedisLink link, PacerScript script, PacerConfig config, String keyPrefix) {
        this.connector = connector;
        this.link = link;
        this.script = script;
        this.config = config;
        this.keyPrefix = keyPrefix;
    }

    /**
     * Connects with default settings ({@link RedisFailureMode#FALLBACK_LOCAL}, 2 expected workers,
     * warnings logged through SLF4J) to {@code redis://HOST:PORT[/DB]} ({@code rediss://} for TLS, a
     * password as {@code redis://:PASSWORD@HOST:PORT}).
     */
    public static RedisPacers connect(URI redis) {
        return builder(redis).build();
    }

    /** A builder for pacers sharing {@code redis://HOST:PORT[/DB]}. */
    public static RedisPacersBuilder builder(URI redis) {
        return new RedisPacersBuilder(redis);
    }

    static RedisPacers open(
            RedisConnector connector,
            PacerConfig config,
            String keyPrefix,
            Duration probeInterval,
            Listeners<CoordinationListener, CoordinationEvent> listeners) {
        RedisLink link = new RedisLink(
                connector.client(),
                connector.target(),
                config.failureMode(),
                config.expectedWorkers(),
                probeInterval,
                config.timeSource(),
                listeners);
        PacerScript script = PacerScript.load();
        RedisPacers pacers = new RedisPacers(connector, link, script, config, keyPrefix);
        try {
            link.call(redis -> redis.scriptLoad(script.source()));
        } catch (RedisDownException down) {
            if (config.failureMode() == RedisFailureMode.STOP) {
                pacers.close();
                throw new RedisUnavailableException(connector.target(), down.reason(), down);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return pacers;
    }

    /**
     * The pacer for {@code key}; the first call for a key creates it at {@code initialTier}, later calls
     * return the same pacer (it learns tiers through {@link Pacer#adoptTier}). The signature of a
     * {@code (key, tier) -> Pacer} factory.
     */
    public RedisPacer pacerFor(RateLimitKey key, Tier initialTier) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initialTier, "initialTier");
        return pacers.computeIfAbsent(
                key, unused -> new RedisPacer(key, redisKeyFor(key), initialTier, link, script, config, tokenScript));
    }

    /**
     * A {@code tier -> Pacer} factory for one key, for {@code PacerRegistry.create(Function)}: that
     * registry does not tell its factory the key, so give it this only for a registry that serves
     * {@code key} alone.
     */
    public Function<Tier, Pacer> factoryFor(RateLimitKey key) {
        Objects.requireNonNull(key, "key");
        return tier -> pacerFor(key, tier);
    }

    /**
     * The Redis key holding {@code key}'s schedule: the prefix, the normalised endpoint and the key's
     * fingerprint, e.g. {@code progressive-backoff:pacer:https://api.moonshot.ai/v1#1a2b3c4d5e6f}. Never
     * the API key. While requests are in flight, the numbers of their starts are kept beside it, under the
     * same name followed by {@code :inflight}.
     */
    public String redisKeyFor(RateLimitKey key) {
        Objects.requireNonNull(key, "key");
        return keyPrefix + key.endpoint() + "#" + key.keyFingerprint();
    }

    /** The Redis server, as {@code redis://host:port/db}, without credentials. */
    public String target() {
        return link.target();
    }

    /** False while Redis is known to be unavailable. */
    public boolean isCoordinated() {
        return link.isAvailable();
    }

    /** Closes the connection and its threads; pacers still in use then behave as if Redis were down. */
    @Override
    public void close() {
        try {
            link.close();
        } finally {
            connector.close();
        }
    }

    @Override
    public String toString() {
        return "RedisPacers[" + link.target() + ", " + config.failureMode() + "]";
    }
}
