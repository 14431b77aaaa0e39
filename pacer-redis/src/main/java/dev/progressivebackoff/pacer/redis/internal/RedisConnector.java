package dev.progressivebackoff.pacer.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client for one Redis URI: small thread pools, no automatic reconnection (the
 * {@link RedisLink} reconnects when it probes), every command bounded by a timeout.
 */
public final class RedisConnector implements AutoCloseable {

    private static final int IO_THREADS = 2;

    private final ClientResources resources;
    private final RedisClient client;
    private final String target;

    private RedisConnector(ClientResources resources, RedisClient client, String target) {
        this.resources = resources;
        this.client = client;
        this.target = target;
    }

    /**
     * A client for {@code redis} ({@code redis://} or {@code rediss://}), connecting within and answering
     * within {@code timeout}. Does not connect yet.
     *
     * @throws IllegalArgumentException if {@code redis} is not a Redis URI; the message has no credentials
     */
    public static RedisConnector create(URI redis, Duration timeout) {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(timeout, "timeout");
        RedisURI uri = parse(redis);
        uri.setTimeout(timeout);
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(IO_THREADS)
                .computationThreadPoolSize(IO_THREADS)
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return new RedisConnector(resources, client, targetOf(uri));
    }

    /** The client. */
    public RedisClient client() {
        return client;
    }

    /** The server, as {@code redis://host:port/db}, without credentials. */
    public String target() {
        return target;
    }

    @Override
    public void close() {
        try {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static RedisURI parse(URI redis) {
        String scheme = redis.getScheme() == null ? "" : redis.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || redis.getHost() == null) {
            throw new IllegalArgumentException(
                    "expected a Redis URI redis://HOST:PORT[/DB] (or rediss://), got " + redacted(redis));
        }
        try {
            return RedisURI.create(redis);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(
                    "invalid Redis URI " + redacted(redis) + ": expected " + "redis://HOST:PORT[/DB]");
        }
    }

    private static String redacted(URI redis) {
        String scheme = redis.getScheme() == null ? "" : redis.getScheme() + "://";
        String host = redis.getHost() == null ? "?" : redis.getHost();
        String port = redis.getPort() < 0 ? "" : ":" + redis.getPort();
        String path = redis.getRawPath() == null ? "" : redis.getRawPath();
        return scheme + (redis.getRawUserInfo() == null ? "" : "***@") + host + port + path;
    }

    private static String targetOf(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }
}
