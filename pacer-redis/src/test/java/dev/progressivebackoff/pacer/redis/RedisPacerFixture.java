package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the Redis pacer tests share: the test Redis ({@link TestRedis#uri()}, checked before each test), a
 * key no other test uses, and pacers connected to it (without coordination events) that are closed after
 * each test, newest first. Register it on an instance field, so each test gets a fresh key:
 *
 * <pre>{@code
 * @RegisterExtension
 * final RedisPacerFixture redis = new RedisPacerFixture("sk-example");
 * ...
 * RedisPacer a = redis.pacer(Tier.custom(600), settings -> settings.withSleeper(sleeper));
 * }</pre>
 */
final class RedisPacerFixture implements BeforeEachCallback, AfterEachCallback {

    private final RateLimitKey key;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private URI uri;

    /** A fixture whose {@link #key()} is a fresh key for {@code apiKey}. */
    RedisPacerFixture(String apiKey) {
        this.key = TestRedis.uniqueKey(apiKey);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        uri = TestRedis.uri();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The test Redis. */
    URI uri() {
        return uri;
    }

    /** This test's key. */
    RateLimitKey key() {
        return key;
    }

    /** A pacer for {@link #key()} at {@code tier}, in a process of its own with the default settings. */
    RedisPacer pacer(Tier tier) {
        return pacer(tier, UnaryOperator.identity());
    }

    /** A pacer for {@link #key()} at {@code tier}, in a process of its own with the given settings. */
    RedisPacer pacer(Tier tier, UnaryOperator<RedisPacersBuilder> settings) {
        return pacer(key, tier, settings);
    }

    /** A pacer for another key, in a process of its own with the given settings. */
    RedisPacer pacer(RateLimitKey otherKey, Tier tier, UnaryOperator<RedisPacersBuilder> settings) {
        return connect(settings.apply(RedisPacers.builder(uri))).pacerFor(otherKey, tier);
    }

    /** Connects {@code builder} (to any Redis) without coordination events, and closes it after the test. */
    RedisPacers connect(RedisPacersBuilder builder) {
        return closeAfterTest(builder.withCoordinationLogging(false).build());
    }

    /** Closes {@code resource} after the test, before anything registered earlier. */
    <T extends AutoCloseable> T closeAfterTest(T resource) {
        opened.push(resource);
        return resource;
    }
}
