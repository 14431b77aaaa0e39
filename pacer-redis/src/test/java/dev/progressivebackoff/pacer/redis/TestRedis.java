package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.pacing.RateLimitKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Redis server the tests share: the one {@code PB_REDIS_URL} names when it is set, otherwise a private
 * server this JVM starts on a free loopback port the first time a test asks (see {@link RedisServerProcess})
 * and stops when it exits. So the tests need no Redis started by hand; each uses its own keys, so one server
 * serves them all.
 */
final class TestRedis {

    /** The environment variable naming an existing Redis to test against instead. */
    static final String ENV = "PB_REDIS_URL";

    private TestRedis() {
    }

    /** The test Redis, after checking that it answers. */
    static URI uri() {
        String configured = System.getenv(ENV);
        if (configured == null || configured.isBlank()) {
            return Private.SERVER.uri();
        }
        URI uri = URI.create(configured);
        try {
            with(uri, redis -> redis.sync().ping());
        } catch (RuntimeException unreachable) {
            throw new AssertionError(ENV + " names " + uri + " and no Redis answers there ("
                    + unreachable.getMessage() + "). Start it, or unset " + ENV
                    + " to let the tests start their own.", unreachable);
        }
        return uri;
    }

    /** The server of this JVM: a holder class, so it starts only when a test first needs it. */
    private static final class Private {

        static final RedisServerProcess SERVER = startUntilExit();

        private static RedisServerProcess startUntilExit() {
            RedisServerProcess server = RedisServerProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-redis-stop"));
            return server;
        }
    }

    /** A key no other test uses, so tests never share a schedule by accident. */
    static RateLimitKey uniqueKey(String apiKey) {
        return RateLimitKey.of("https://api.test-" + UUID.randomUUID() + ".example/v1", apiKey);
    }

    /** Runs {@code action} on a fresh connection to {@code uri}. */
    static <T> T with(URI uri, Function<StatefulRedisConnection<String, String>, T> action) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return action.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Every key in the test Redis that matches {@code pattern}. */
    static List<String> keys(URI uri, String pattern) {
        return with(uri, redis -> redis.sync().keys(pattern));
    }
}
