package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.testsupport.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lettuce-side helpers for the tests: the shared test Redis ({@link RedisTestServer}: the one {@code PB_REDIS_URL}
 * names, else a private server started once per JVM), keys no other test uses, and fresh connections.
 */
final class TestRedis {

    private TestRedis() {}

    /** The test Redis ({@link RedisTestServer#uri()}). */
    static URI uri() {
        return RedisTestServer.uri();
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
