package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisKeyTest {

    private static final String API_KEY = "sk-this-must-never-reach-redis-4242";

    @Test
    void theRedisKeyIsMadeOfTheEndpointAndTheFingerprintNeverTheApiKey() throws Exception {
        // given a key for an endpoint and an API key
        URI redis = TestRedis.uri();
        RateLimitKey key = TestRedis.uniqueKey(API_KEY);
        try (RedisPacers pacers =
                RedisPacers.builder(redis).withCoordinationLogging(false).build()) {
            RedisPacer pacer = pacers.pacerFor(key, Tier.custom(6000));

            // when it paces a request and cools down
            RedisPermit permit = pacer.acquire();
            permit.close();
            pacer.coolDown(java.time.Duration.ofMillis(1));

            // then Redis holds one key of endpoint and fingerprint (the request ended: none is in flight), and
            // nothing anywhere holds the API key
            String expected = "progressive-backoff:pacer:" + key.endpoint() + "#" + key.keyFingerprint();
            assertThat(pacer.redisKey()).isEqualTo(expected).doesNotContain(API_KEY);
            assertThat(TestRedis.keys(redis, "*" + key.endpoint() + "*")).containsExactly(expected);
            assertThat(TestRedis.keys(redis, "*" + API_KEY + "*")).isEmpty();
            Map<String, String> stored =
                    TestRedis.with(redis, connection -> connection.sync().hgetall(expected));
            assertThat(stored)
                    .containsOnlyKeys(
                            "tat", "hold", "slow", "sint", "suntil", "ctok", "csince", "cuntil", "floor", "failed",
                            "lint", "granted", "gpen", "cupto", "cnew", "cdis", "clast", "wend", "rat", "ratu", "rsrc",
                            "swend", "swwhy", "swsrc");
            assertThat(String.join(" ", stored.values())).doesNotContain(API_KEY);
            assertThat(pacer + " " + pacers + " " + permit + " " + pacer.state())
                    .doesNotContain(API_KEY);
        }
    }

    @Test
    void theKeyPrefixSeparatesEnvironments() {
        // given two prefixes
        URI redis = TestRedis.uri();
        RateLimitKey key = RateLimitKey.of("https://api.moonshot.ai/v1/", API_KEY);
        try (RedisPacers staging = RedisPacers.builder(redis)
                .withKeyPrefix("staging:")
                .withCoordinationLogging(false)
                .build()) {
            // then the key is the prefix, the normalised endpoint and the fingerprint
            assertThat(staging.redisKeyFor(key))
                    .isEqualTo("staging:https://api.moonshot.ai/v1#" + RateLimitKey.fingerprint(API_KEY));
        }
    }

    @Test
    void aRedisPasswordNeverAppearsInTargetsEventsOrExceptions() {
        // given a Redis URI with a password, where nothing listens
        EventRecorder events = new EventRecorder();
        URI withPassword = URI.create("redis://:hunter2-secret@127.0.0.1:1/3");

        // when connecting fails in STOP mode, then neither the message nor the event holds the password
        assertThatThrownBy(() -> RedisPacers.builder(withPassword)
                        .withFailureMode(RedisFailureMode.STOP)
                        .withCoordinationLogging(false)
                        .onCoordination(events)
                        .build())
                .isInstanceOfSatisfying(RedisUnavailableException.class, unavailable -> {
                    assertThat(unavailable.target()).isEqualTo("redis://127.0.0.1:1/3");
                    assertThat(unavailable).hasMessageNotContaining("hunter2");
                });
        assertThat(events.events())
                .singleElement()
                .satisfies(event ->
                        assertThat(event.message()).doesNotContain("hunter2").contains("127.0.0.1:1/3"));
    }

    @Test
    void aUriThatIsNotRedisIsRejectedWithoutEchoingItsCredentials() {
        assertThatThrownBy(() -> RedisPacers.connect(URI.create("http://user:pw-secret@cache.internal:6379")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://HOST:PORT[/DB]")
                .hasMessageContaining("http://***@cache.internal:6379")
                .hasMessageNotContaining("pw-secret");
    }
}
