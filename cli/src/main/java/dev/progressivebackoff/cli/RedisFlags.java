package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.RunOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** {@code --redis} and {@code --redis-failure}: pace together with every process using the key, through Redis. */
public final class RedisFlags {

    @Parameter(
            names = "--redis",
            description =
                    "Share the key's pacer with every process using it through this " + "Redis: redis://HOST:PORT[/DB]",
            order = 40)
    String redis;

    @Parameter(
            names = "--redis-failure",
            description = "While Redis is unavailable: fallback (pace locally at a "
                    + "conservative share of the quota) or stop (start nothing; the run stops)",
            defaultValueDescription = "fallback",
            order = 41)
    String redisFailure;

    /**
     * {@code options} with the flags given applied over them.
     *
     * @throws UsageException naming the flag of a bad value
     */
    RunOptions applyTo(RunOptions options, Set<String> assigned) {
        RunOptions applied = options;
        if (redis != null) {
            try {
                applied = applied.withRedis(new URI(redis.trim()));
            } catch (URISyntaxException | IllegalArgumentException bad) {
                throw new UsageException("--redis: "
                        + (bad instanceof URISyntaxException syntax
                                ? "not a valid URI: " + syntax.getReason()
                                : bad.getMessage()));
            }
        }
        if (redisFailure != null) {
            applied = applied.withRedisFailure(
                    Formats.oneOf("--redis-failure", redisFailure, RunOptions.REDIS_FALLBACK, RunOptions.REDIS_STOP));
        }
        return applied;
    }
}
