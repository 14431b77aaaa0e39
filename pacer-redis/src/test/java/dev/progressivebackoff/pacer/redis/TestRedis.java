package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.backoff.pacing.RateLimitKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Redis server the tests share: {@code PB_REDIS_URL}, default {@code redis://127.0.0.1:6390}. CI starts
 * it with {@code .ci/redis.sh start}. When it does not answer, a test fails (it is never skipped) with a
 * message saying how to start it.
 */
final class TestRedis {

    /** The environment variable naming the test Redis. */
    static final String ENV = "PB_REDIS_URL";
    static final String DEFAULT_URL = "redis://127.0.0.1:6390";

    private TestRedis() {
    }

    /** The test Redis, after checking that it answers. */
    static URI uri() {
        URI uri = URI.create(System.getenv().getOrDefault(ENV, DEFAULT_URL));
        try {
            with(uri, redis -> redis.sync().ping());
        } catch (RuntimeException unreachable) {
            throw new AssertionError("The pacer-redis tests need a Redis server at " + uri + " and none answers ("
                    + unreachable.getMessage() + "). Start one with `.ci/redis.sh start` (installs redis-server "
                    + "if missing and runs it on 127.0.0.1:6390), or point " + ENV + " at one.", unreachable);
        }
        return uri;
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
