package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.pacer.redis.CoordinationListener;
import dev.progressivebackoff.pacer.redis.RedisFailureMode;
import dev.progressivebackoff.pacer.redis.RedisPacers;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * The pacer registry a command gives its clients: with a {@code redis} setting, pacers kept in that Redis
 * (shared by every process using the key, {@code PacerRegistry.createKeyed(redisPacers::pacerFor)}); without
 * one, none (each client paces locally). Close it to close the Redis connection.
 */
public final class SharedPacers implements AutoCloseable {

    /** The shortest hold kept (a maximum server wait of 0 still holds a cool-down for a moment), as locally. */
    private static final Duration MIN_HOLD = Duration.ofMillis(1);

    private final RedisPacers redis;
    private final PacerRegistry registry;

    private SharedPacers(RedisPacers redis, PacerRegistry registry) {
        this.redis = redis;
        this.registry = registry;
    }

    /**
     * Connects to the Redis of {@code options}, if any (and if pacing is on).
     *
     * @param options         the CLI's options: the Redis and what to do without it
     * @param pace            whether requests are paced at all (without pacing, nothing is shared)
     * @param expectedWorkers processes sharing the key: the local fallback paces at 1/n of the quota
     * @param listener        told when Redis is lost or answers again
     * @throws dev.progressivebackoff.pacer.redis.RedisUnavailableException with {@code redisFailure} stop, when
     *                                                                      Redis does not answer now
     */
    public static SharedPacers open(
            RunOptions options, boolean pace, int expectedWorkers, CoordinationListener listener) {
        return open(options, pace, expectedWorkers, listener, Duration.ofMinutes(1), Pacer.Builder.DEFAULT_MAX_HOLD);
    }

    /**
     * As {@link #open(RunOptions, boolean, int, CoordinationListener)}, tokens counted over {@code tokenWindow},
     * and holds lasting at most {@code maxHold} (the maximum server wait): a spent window resetting later fails
     * each start at once, as the local pacer does.
     */
    public static SharedPacers open(
            RunOptions options,
            boolean pace,
            int expectedWorkers,
            CoordinationListener listener,
            Duration tokenWindow,
            Duration maxHold) {
        if (options.redis().isEmpty() || !pace) {
            return new SharedPacers(null, null);
        }
        RedisFailureMode mode = options.stopsWithoutRedis() ? RedisFailureMode.STOP : RedisFailureMode.FALLBACK_LOCAL;
        RedisPacers redis = RedisPacers.builder(options.redis().get())
                .withFailureMode(mode)
                .withExpectedWorkers(expectedWorkers)
                .withCoordinationLogging(false)
                .withTokenWindow(tokenWindow)
                .withMaxHold(maxHold.compareTo(MIN_HOLD) < 0 ? MIN_HOLD : maxHold)
                .onCoordination(listener)
                .build();
        return new SharedPacers(redis, PacerRegistry.createKeyed(redis::pacerFor));
    }

    /** The registry of Redis-kept pacers; empty when pacing is local. */
    public Optional<PacerRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    /** The Redis server, without credentials; empty when pacing is local. */
    public Optional<String> target() {
        return redis == null ? Optional.empty() : Optional.of(redis.target());
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
