package dev.progressivebackoff.pacer.redis.internal;

import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.support.AsyncFailures;
import dev.progressivebackoff.pacer.redis.CoordinationEvent;
import dev.progressivebackoff.pacer.redis.CoordinationListener;
import dev.progressivebackoff.pacer.redis.RedisFailureMode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The one connection to Redis that every pacer of a {@code RedisPacers} shares, and whether Redis is
 * available. While it is not, only one caller at a time, at most once per probe interval, tries it again
 * (in {@link RedisFailureMode#STOP} every caller does); the others are told to pace locally. A change either
 * way is reported once to the {@link CoordinationListener}s; one that throws is logged and ignored (the
 * {@linkplain dev.progressivebackoff.core.ListenerErrorHandler listener rule}). Thread-safe.
 */
public final class RedisLink implements AutoCloseable {

    private static final int MAX_REASON_LENGTH = 200;

    private final RedisClient client;
    private final String target;
    private final RedisFailureMode mode;
    private final int workers;
    private final Duration probeInterval;
    private final TimeSource timeSource;
    private final Listeners<CoordinationListener, CoordinationEvent> listeners;
    /** A lock, not a monitor: connecting and closing are network I/O, which must not pin a virtual thread. */
    private final ReentrantLock lock = new ReentrantLock();

    private StatefulRedisConnection<String, String> connection;
    private volatile boolean down;
    private long downSince;
    private long nextProbe;
    private boolean probing;
    private boolean closed;

    /**
     * A link through {@code client} to {@code target} (printable, no credentials), telling {@code listeners}
     * of every change; not yet connected.
     */
    public RedisLink(
            RedisClient client,
            String target,
            RedisFailureMode mode,
            int workers,
            Duration probeInterval,
            TimeSource timeSource,
            Listeners<CoordinationListener, CoordinationEvent> listeners) {
        this.client = Objects.requireNonNull(client, "client");
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.workers = workers;
        this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
    }

    /**
     * True if the caller should use Redis now: it is available, or the mode is {@link RedisFailureMode#STOP},
     * or a probe is due and this caller is the one to make it (it must then {@link #call}).
     */
    public boolean shouldTry() {
        if (!down || mode == RedisFailureMode.STOP) {
            return true;
        }
        lock.lock();
        try {
            if (!down) {
                return true;
            }
            long now = timeSource.nanoTime();
            if (probing || now - nextProbe < 0) {
                return false;
            }
            probing = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** False while Redis is known to be unavailable. */
    public boolean isAvailable() {
        return !down;
    }

    /**
     * Runs {@code operation} on Redis, connecting first if needed.
     *
     * @throws RedisDownException   if Redis cannot be reached or fails; reported as lost (once per outage)
     * @throws InterruptedException if the thread was interrupted while waiting for Redis (flag cleared)
     */
    public <T> T call(Function<RedisCommands<String, String>, T> operation)
            throws RedisDownException, InterruptedException {
        StatefulRedisConnection<String, String> used = null;
        try {
            used = connection();
            T result = operation.apply(used.sync());
            markUp();
            return result;
        } catch (RedisCommandInterruptedException interrupted) {
            Thread.interrupted();
            endProbe();
            throw new InterruptedException("interrupted while waiting for Redis");
        } catch (RuntimeException failure) {
            if (Thread.interrupted()) {
                endProbe();
                throw new InterruptedException("interrupted while waiting for Redis");
            }
            throw lost(used, failure);
        }
    }

    /**
     * Sends {@code operation} to Redis, connecting first if needed, without waiting for its reply: the future
     * completes with its result, or exceptionally with a {@link RedisDownException} (reported as lost, as by
     * {@link #call}). Replies are handled on Lettuce's I/O thread, so what is chained to the future must be quick.
     */
    public <T> CompletableFuture<T> callAsync(
            Function<RedisAsyncCommands<String, String>, CompletionStage<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        StatefulRedisConnection<String, String> used = null;
        try {
            used = connection();
            StatefulRedisConnection<String, String> sentOn = used;
            operation.apply(used.async()).whenComplete((value, failure) -> {
                if (failure == null) {
                    markUp();
                    result.complete(value);
                } else {
                    result.completeExceptionally(lost(sentOn, failure));
                }
            });
        } catch (RuntimeException failure) {
            result.completeExceptionally(lost(used, failure));
        }
        return result;
    }

    private RedisDownException lost(StatefulRedisConnection<String, String> used, Throwable failure) {
        Throwable cause = AsyncFailures.cause(failure);
        RedisDownException down = new RedisDownException(reasonOf(cause), cause);
        drop(used);
        markDown(down);
        return down;
    }

    /** The server, as {@code redis://host:port/db}, without credentials. */
    public String target() {
        return target;
    }

    /** Closes the connection; later calls fail as if Redis were down. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the Redis connection is closed");
            }
            if (connection == null || !connection.isOpen()) {
                if (connection != null) {
                    connection.closeAsync();
                }
                connection = null;
                connection = client.connect();
            }
            return connection;
        } finally {
            lock.unlock();
        }
    }

    private void drop(StatefulRedisConnection<String, String> failed) {
        if (failed == null) {
            return;
        }
        lock.lock();
        try {
            if (connection == failed) {
                connection = null;
            }
        } finally {
            lock.unlock();
        }
        failed.closeAsync();
    }

    private void markUp() {
        if (!down) {
            return;
        }
        CoordinationEvent event;
        lock.lock();
        try {
            probing = false;
            if (!down) {
                return;
            }
            down = false;
            event = new CoordinationEvent.Resumed(target, Duration.ofNanos(timeSource.nanoTime() - downSince));
        } finally {
            lock.unlock();
        }
        report(event);
    }

    private void markDown(RedisDownException failure) {
        CoordinationEvent event = null;
        lock.lock();
        try {
            long now = timeSource.nanoTime();
            probing = false;
            nextProbe = now + probeInterval.toNanos();
            if (!down) {
                down = true;
                downSince = now;
                event = new CoordinationEvent.Lost(target, failure.reason(), mode, workers, probeInterval);
            }
        } finally {
            lock.unlock();
        }
        if (event != null) {
            report(event);
        }
    }

    private void endProbe() {
        lock.lock();
        try {
            probing = false;
        } finally {
            lock.unlock();
        }
    }

    private void report(CoordinationEvent event) {
        listeners.tell(event);
    }

    /** A short, printable reason: the exception's message and its root cause's, without credentials. */
    static String reasonOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = describe(failure);
        if (root != failure) {
            message = message + ": " + describe(root);
        }
        return message.length() <= MAX_REASON_LENGTH ? message : message.substring(0, MAX_REASON_LENGTH) + "…";
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message.strip();
    }
}
