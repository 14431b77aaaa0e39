package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.pacer.redis.internal.RedisConnector;
import dev.progressivebackoff.pacing.Pacer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Configures {@link RedisPacers}; not thread-safe. Every method validates at once; {@link #build()} connects.
 */
public final class RedisPacersBuilder {

    /** How many processes are expected to share a key unless told: 2, so the fallback paces at half. */
    public static final int DEFAULT_EXPECTED_WORKERS = 2;

    /** How often an unavailable Redis is tried again: every 2 s. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(2);

    /** How long connecting or one command may take before Redis counts as unavailable: 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The longest a waiting caller sleeps before it asks Redis again (a hold may end early): 1 s. */
    public static final Duration DEFAULT_RECHECK_INTERVAL = Pacer.Builder.DEFAULT_RECHECK_INTERVAL;

    /** The prefix of every Redis key: {@code progressive-backoff:pacer:}. */
    public static final String DEFAULT_KEY_PREFIX = "progressive-backoff:pacer:";

    private static final int MAX_BURST = 1_000_000;

    private final URI redis;
    private RedisFailureMode failureMode = RedisFailureMode.FALLBACK_LOCAL;
    private int expectedWorkers = DEFAULT_EXPECTED_WORKERS;
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration recheckInterval = DEFAULT_RECHECK_INTERVAL;
    private Duration maxHold = Pacer.Builder.DEFAULT_MAX_HOLD;
    private int burst = 1;
    private boolean spacingMargin = true;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private TimeSource timeSource = SystemTimeSource.INSTANCE;
    private Sleeper sleeper = SystemSleeper.INSTANCE;
    private boolean coordinationLogging = true;
    private Duration tokenWindow = Duration.ofMinutes(1);
    private final List<CoordinationListener> listeners = new ArrayList<>();
    private ListenerErrorHandler<Object> listenerErrors =
            ListenerErrorHandler.describingTo(LoggerFactory.getLogger("dev.progressivebackoff.pacer.redis")::warn);

    RedisPacersBuilder(URI redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** What pacers do while Redis is unavailable; default {@link RedisFailureMode#FALLBACK_LOCAL}. */
    public RedisPacersBuilder withFailureMode(RedisFailureMode mode) {
        this.failureMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * How many processes share each key (default {@value #DEFAULT_EXPECTED_WORKERS}): each process caps its
     * requests in flight at 1/n of the tier's concurrency (rounded up) and, while Redis is unavailable in
     * {@link RedisFailureMode#FALLBACK_LOCAL}, paces at 1/n of the quota.
     */
    public RedisPacersBuilder withExpectedWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("expectedWorkers must be positive: " + workers);
        }
        this.expectedWorkers = workers;
        return this;
    }

    /** How often an unavailable Redis is tried again (on the next acquire after it); default 2 s. */
    public RedisPacersBuilder withProbeInterval(Duration interval) {
        this.probeInterval = positive(interval, "probeInterval");
        return this;
    }

    /** How long connecting or one command may take before Redis counts as unavailable; default 2 s. */
    public RedisPacersBuilder withTimeout(Duration newTimeout) {
        this.timeout = positive(newTimeout, "timeout");
        return this;
    }

    /** The longest a waiting caller sleeps before it asks Redis again. Default 1 s. */
    public RedisPacersBuilder withRecheckInterval(Duration interval) {
        this.recheckInterval = positive(interval, "recheckInterval");
        return this;
    }

    /** The longest hold a cool-down or a {@code reset} header can impose; default 900 s. */
    public RedisPacersBuilder withMaxHold(Duration max) {
        this.maxHold = positive(max, "maxHold");
        return this;
    }

    /** How many requests may start back to back, across all processes; default 1 (no burst). */
    public RedisPacersBuilder withBurst(int newBurst) {
        if (newBurst < 1 || newBurst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX_BURST + ": " + newBurst);
        }
        this.burst = newBurst;
        return this;
    }

    /**
     * Whether starts are spaced a {@linkplain dev.progressivebackoff.pacing.WindowRules#margin small
     * margin} wider than 60 s / RPM (default true), as {@link Pacer.Builder#withSpacingMargin} does for the
     * local pacer; the local fallback follows it too. Every process sharing a key should use the same.
     */
    public RedisPacersBuilder withSpacingMargin(boolean margin) {
        this.spacingMargin = margin;
        return this;
    }

    /** The prefix of the Redis keys, e.g. to separate environments; default {@value #DEFAULT_KEY_PREFIX}. */
    public RedisPacersBuilder withKeyPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("the key prefix must not be blank");
        }
        this.keyPrefix = prefix;
        return this;
    }

    /** Where local time is read: probe timing and the local fallback. */
    public RedisPacersBuilder withTimeSource(TimeSource newTimeSource) {
        this.timeSource = Objects.requireNonNull(newTimeSource, "timeSource");
        return this;
    }

    /** How callers wait for their start. */
    public RedisPacersBuilder withSleeper(Sleeper newSleeper) {
        this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
        return this;
    }

    /**
     * Whether coordination changes are logged through SLF4J ({@link CoordinationListener#logging()}), before
     * any listener added with {@link #onCoordination}; default true. False leaves them to those listeners.
     */
    public RedisPacersBuilder withCoordinationLogging(boolean logging) {
        this.coordinationLogging = logging;
        return this;
    }

    /**
     * The window the provider counts its tokens per minute over (60 s by default: it admits the whole TPM in a
     * minute); a shorter one scales the budget to it, as the local pacer's token window does.
     */
    public RedisPacersBuilder withTokenWindow(Duration window) {
        this.tokenWindow = positive(window, "tokenWindow");
        return this;
    }

    /**
     * Adds a listener told when coordination is lost or resumes, e.g.
     * {@code event -> System.err.println(event.message())}; listeners run in the order added. One that
     * throws is logged and ignored (the {@linkplain dev.progressivebackoff.core.ListenerErrorHandler listener
     * rule}).
     */
    public RedisPacersBuilder onCoordination(CoordinationListener added) {
        listeners.add(Objects.requireNonNull(added, "listener"));
        return this;
    }

    /** Where listener failures go instead of the log: for tests that check they are reported. */
    RedisPacersBuilder reportListenerErrorsTo(ListenerErrorHandler<Object> handler) {
        this.listenerErrors = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Connects and returns the pacers. In {@link RedisFailureMode#FALLBACK_LOCAL} an unreachable Redis is
     * reported to the listeners and the pacers start locally; in {@link RedisFailureMode#STOP} it is thrown.
     * Close the result to close the connection.
     *
     * @throws RedisUnavailableException in {@link RedisFailureMode#STOP} if Redis cannot be reached
     * @throws IllegalArgumentException  if the URI is not {@code redis://HOST:PORT[/DB]}
     */
    public RedisPacers build() {
        PacerConfig config = new PacerConfig(
                failureMode,
                expectedWorkers,
                recheckInterval,
                burst,
                spacingMargin,
                maxHold,
                timeSource,
                sleeper,
                tokenWindow);
        List<CoordinationListener> told = new ArrayList<>();
        if (coordinationLogging) {
            told.add(CoordinationListener.logging());
        }
        told.addAll(listeners);
        return RedisPacers.open(
                RedisConnector.create(redis, timeout),
                config,
                keyPrefix,
                probeInterval,
                Listeners.of(told, CoordinationListener::onEvent, List.of(listenerErrors)));
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
