package dev.progressivebackoff.pacer.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;

/**
 * The alternative the issue named, for {@link AcquireLatencyBenchmark} to measure beside the Lua script:
 * one Bucket4j token bucket in Redis through Bucket4j's Lettuce backend (compare-and-swap: the client reads
 * the state, computes the new one and writes it back if nobody changed it meanwhile), refilled so fast that
 * nobody waits, so that each acquire is its own overhead.
 */
final class Bucket4jArm implements AutoCloseable {

    private static final long NO_WAIT_PER_SECOND = 1_000_000_000L;

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final BucketProxy bucket;

    private Bucket4jArm(RedisClient client, StatefulRedisConnection<String, byte[]> connection, BucketProxy bucket) {
        this.client = client;
        this.connection = connection;
        this.bucket = bucket;
    }

    /** A bucket under {@code key} in the Redis at {@code redis}. */
    static Bucket4jArm connect(URI redis, String key) {
        RedisClient client = RedisClient.create(RedisURI.create(redis));
        StatefulRedisConnection<String, byte[]> connection =
                client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.fixedTimeToLive(Duration.ofMinutes(1)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit ->
                        limit.capacity(NO_WAIT_PER_SECOND).refillGreedy(NO_WAIT_PER_SECOND, Duration.ofSeconds(1)))
                .build();
        return new Bucket4jArm(client, connection, buckets.getProxy(key, () -> configuration));
    }

    /** Takes one token; fails if the bucket, refilled a billion times a second, had none. */
    void acquire() {
        if (!bucket.tryConsume(1)) {
            throw new IllegalStateException("the no-wait bucket refused a token");
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
