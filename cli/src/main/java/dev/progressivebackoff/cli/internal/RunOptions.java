package dev.progressivebackoff.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.SettingsException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the CLI itself decides, beside the client settings: whether {@code run} sends a health check first, and
 * the Redis its pacers share. Read from the same {@code --config} file as the client settings (fields
 * {@link #FIELDS}); the flags override them. Holds no credentials.
 *
 * @param skipHealthCheck send no health check before the batch
 * @param redis           a Redis server ({@code redis://HOST:PORT[/DB]}, no credentials) whose shared pacer every
 *                        process using the key paces through
 * @param redisFailure    what to do while that Redis is unavailable: {@value #REDIS_FALLBACK} (pace locally at a
 *                        conservative share of the quota) or {@value #REDIS_STOP} (start nothing)
 */
public record RunOptions(boolean skipHealthCheck, Optional<URI> redis, String redisFailure) {

    /** Pace locally at a conservative share of the quota until Redis answers. */
    public static final String REDIS_FALLBACK = "fallback";
    /** Start no request until Redis answers. */
    public static final String REDIS_STOP = "stop";
    /** The settings file's fields these options are read from. */
    public static final Set<String> FIELDS = Set.of("skipHealthCheck", "redis", "redisFailure");

    public RunOptions {
        Objects.requireNonNull(redis, "redis");
        redis.ifPresent(RunOptions::checkRedis);
        Objects.requireNonNull(redisFailure, "redisFailure");
        redisFailure = redisFailure.trim().toLowerCase(Locale.ROOT);
        if (!redisFailure.equals(REDIS_FALLBACK) && !redisFailure.equals(REDIS_STOP)) {
            throw new IllegalArgumentException(
                    "redisFailure must be " + REDIS_FALLBACK + " or " + REDIS_STOP + ": " + redisFailure);
        }
    }

    /** A health check, no Redis, {@value #REDIS_FALLBACK}. */
    public static RunOptions defaults() {
        return new RunOptions(false, Optional.empty(), REDIS_FALLBACK);
    }

    /** A copy that does (or does not) skip the health check. */
    public RunOptions withSkipHealthCheck(boolean value) {
        return new RunOptions(value, redis, redisFailure);
    }

    /** A copy that paces through the Redis at {@code value}. */
    public RunOptions withRedis(URI value) {
        return new RunOptions(skipHealthCheck, Optional.of(value), redisFailure);
    }

    /** A copy with another failure mode for Redis. */
    public RunOptions withRedisFailure(String value) {
        return new RunOptions(skipHealthCheck, redis, value);
    }

    /** True if a lost Redis stops the work. */
    public boolean stopsWithoutRedis() {
        return redisFailure.equals(REDIS_STOP);
    }

    /**
     * The options of a settings file (its other fields are the client's).
     *
     * @throws SettingsException naming the file and the field of a bad value
     */
    public static RunOptions read(Path file) {
        String source = String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new SettingsException(source, null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SettingsException(source, null, "cannot read settings: " + e, e);
        }
        RunOptions options = defaults();
        if (root == null || !root.isObject()) {
            return options;
        }
        for (String field : FIELDS) {
            JsonNode value = root.get(field);
            if (value != null) {
                options = applied(options, field, value, source);
            }
        }
        return options;
    }

    private static RunOptions applied(RunOptions options, String field, JsonNode value, String source) {
        try {
            return switch (field) {
                case "skipHealthCheck" -> options.withSkipHealthCheck(bool(value));
                case "redis" -> value.isNull() ? options : options.withRedis(uri(text(value)));
                default -> options.withRedisFailure(text(value));
            };
        } catch (IllegalArgumentException e) {
            throw new SettingsException(source, field, e.getMessage(), e);
        }
    }

    private static boolean bool(JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("expected true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + value);
        }
        return value.textValue();
    }

    private static URI uri(String text) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException bad) {
            throw new IllegalArgumentException("redis is not a valid URI: " + bad.getReason());
        }
    }

    private static void checkRedis(URI redis) {
        String scheme = redis.getScheme() == null ? "" : redis.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("redis") || scheme.equals("rediss"))) {
            // The value itself is not repeated: it may be a key given to the wrong flag.
            throw new IllegalArgumentException("redis must be redis://HOST:PORT[/DB] (or rediss://), but "
                    + (redis.getScheme() == null
                            ? "the value has no scheme"
                            : "its scheme is '" + redis.getScheme() + ":'"));
        }
        if (redis.getHost() == null) {
            throw new IllegalArgumentException("redis must be redis://HOST:PORT[/DB], but the value names no host"
                    + " (or a host name that is not valid)");
        }
        if (redis.getPort() == 0 || redis.getPort() > 65535) {
            throw new IllegalArgumentException("redis port must be in 1..65535: " + redis.getPort());
        }
        if (redis.getRawUserInfo() != null || redis.getRawQuery() != null || redis.getRawFragment() != null) {
            throw new IllegalArgumentException("redis must not hold credentials, a query or a fragment "
                    + "(settings hold no secrets): redis://" + redis.getHost());
        }
        String path = redis.getPath() == null ? "" : redis.getPath();
        if (!path.isEmpty() && !path.matches("/\\d{1,2}")) {
            throw new IllegalArgumentException("redis database must be a number, as in redis://HOST:PORT/0");
        }
    }
}
