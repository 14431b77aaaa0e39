package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.backoff.pacing.Pacer;
import dev.progressivebackoff.backoff.pacing.PacerState;
import dev.progressivebackoff.backoff.pacing.Permit;
import dev.progressivebackoff.backoff.pacing.RateLimitKey;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacer.redis.internal.ConcurrencyGate;
import dev.progressivebackoff.pacer.redis.internal.ObservedChange;
import dev.progressivebackoff.pacer.redis.internal.PacerScript;
import dev.progressivebackoff.pacer.redis.internal.RedisDownException;
import dev.progressivebackoff.pacer.redis.internal.RedisLink;
import dev.progressivebackoff.pacer.redis.internal.ScriptReply;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link Pacer} whose schedule lives in Redis, shared by every process and machine that paces the same
 * {@link RateLimitKey}: the GCRA start spacing, the cool-downs after 429s, holds and stretches learnt from
 * headers, and the 429 slow-down. Each acquire is one atomic Lua script run on Redis's own clock, which
 * grants a start that is due now or answers how long until the next one; the caller then waits locally
 * through the {@link dev.progressivebackoff.core.Sleeper}, holding no connection, and asks again. Starts are
 * never reserved ahead: the spacing counts from when each start really happened.
 *
 * <p>The concurrency cap is per process: the tier's cap divided by the expected number of workers. While
 * Redis is unavailable the pacer follows its {@link RedisFailureMode}. Get one from
 * {@link RedisPacers#pacerFor}. Thread-safe.
 */
public final class RedisPacer implements Pacer {

    /** How much each 429 stretches the shared spacing; the same as the local pacer's. */
    static final double PENALTY_FACTOR = 1.25;
    /** How much of the slow-down each success takes back; the same as the local pacer's. */
    static final double RECOVERY_STEP = 1.0 / 16;
    /** The largest slow-down; the same as the local pacer's. */
    static final double MAX_SLOWDOWN = 8.0;
    /** The longest a start claimed by the caller refused for longest waits for it before others may take it. */
    private static final long MAX_GRACE_MICROS = 20_000;

    private final RateLimitKey key;
    private final String redisKey;
    private final RedisLink link;
    private final PacerScript script;
    private final PacerConfig config;
    private final ConcurrencyGate gate;
    private final Pacer fallback;
    private final ReentrantLock turn = new ReentrantLock(true);
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger sleeping = new AtomicInteger();
    private volatile int requestsPerMinute;
    private volatile double knownSlowdown = 1.0;

    RedisPacer(RateLimitKey key, String redisKey, Tier tier, RedisLink link, PacerScript script, PacerConfig config) {
        this.key = Objects.requireNonNull(key, "key");
        this.redisKey = Objects.requireNonNull(redisKey, "redisKey");
        this.link = Objects.requireNonNull(link, "link");
        this.script = Objects.requireNonNull(script, "script");
        this.config = Objects.requireNonNull(config, "config");
        this.requestsPerMinute = tier.requestsPerMinute();
        this.gate = new ConcurrencyGate(concurrencyCapOf(tier));
        this.fallback = Pacer.builder()
                .withRpm(config.shareOf(tier.requestsPerMinute()))
                .withBurst(config.burst())
                .withRecheckInterval(config.recheckInterval())
                .withMaxHold(config.maxHold())
                .withTimeSource(config.timeSource())
                .withSleeper(config.sleeper())
                .build();
    }

    /**
     * Waits for a concurrency slot in this process, then for a start Redis grants (or, Redis being
     * unavailable in {@link RedisFailureMode#FALLBACK_LOCAL}, for a local start at the conservative share).
     * A caller interrupted while waiting leaves nothing behind.
     *
     * @throws RedisUnavailableException in {@link RedisFailureMode#STOP} when Redis cannot be used; nothing held
     * @throws InterruptedException      if interrupted before or while waiting; nothing held, flag clear
     */
    @Override
    public RedisPermit acquire() throws InterruptedException {
        gate.enter();
        boolean granted = false;
        try {
            RedisPermit permit = awaitStart();
            granted = true;
            return permit;
        } finally {
            if (!granted) {
                gate.leave();
            }
        }
    }

    /**
     * Asks Redis for a start until one is due, sleeping toward it (at most the recheck interval at a time)
     * in between. Only the caller at the head of this process's FIFO asks, so the others do not all wake
     * together at each start and race for it; across processes, the caller refused for longest claims the
     * next start (for a grace of a quarter spacing, at most 20 ms), so processes take turns; a start is taken only when it is due, so nothing is reserved
     * that a cool-down or a late wake-up could leave unused or crowd.
     */
    private RedisPermit awaitStart() throws InterruptedException {
        turn.lockInterruptibly();
        try {
            long since = 0;
            while (link.shouldTry()) {
                ScriptReply reply;
                try {
                    long interval = intervalMicros();
                    long asking = since;
                    reply = link.call(redis -> script.acquire(redis, redisKey, interval, config.burst(), token,
                            asking, Math.min(MAX_GRACE_MICROS, interval / 4)));
                } catch (RedisDownException down) {
                    if (config.failureMode() == RedisFailureMode.STOP) {
                        throw new RedisUnavailableException(link.target(), down.reason(), down);
                    }
                    break;
                }
                knownSlowdown = reply.slowdown();
                if (reply.granted()) {
                    return new RedisPermit(gate, null, reply.start());
                }
                if (since == 0) {
                    since = reply.startMicros() - reply.waitMicros();
                }
                sleep(wholeMillis(min(reply.waitTime(), config.recheckInterval())));
            }
        } finally {
            turn.unlock();
        }
        return localStart();
    }

    private RedisPermit localStart() throws InterruptedException {
        Permit local = fallback.acquire();
        return new RedisPermit(gate, local, null);
    }

    private void sleep(Duration duration) throws InterruptedException {
        sleeping.incrementAndGet();
        try {
            config.sleeper().sleep(duration);
        } finally {
            sleeping.decrementAndGet();
        }
    }

    @Override
    public void adoptTier(Tier tier) {
        Objects.requireNonNull(tier, "tier");
        requestsPerMinute = tier.requestsPerMinute();
        gate.resize(concurrencyCapOf(tier));
        fallback.adoptRpm(config.shareOf(tier.requestsPerMinute()));
    }

    @Override
    public void adoptRpm(int newRequestsPerMinute) {
        if (newRequestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + newRequestsPerMinute);
        }
        requestsPerMinute = newRequestsPerMinute;
        fallback.adoptRpm(config.shareOf(newRequestsPerMinute));
    }

    /** As {@link Pacer#observe}; what it changes is changed for every process sharing the key. */
    @Override
    public void observe(RateLimitSignals signals) {
        Objects.requireNonNull(signals, "signals");
        fallback.observe(signals);
        ObservedChange change = ObservedChanges.of(signals, knownSlowdown > 1.0, intervalMicros(),
                config.maxHold(), RECOVERY_STEP);
        if (!change.isEmpty()) {
            long interval = intervalMicros();
            update(redis -> script.observe(redis, redisKey, interval, config.burst(), change));
        }
    }

    /** As {@link Pacer#coolDown}; the hold and the slow-down apply to every process sharing the key. */
    @Override
    public void coolDown(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a cool-down must not be negative: " + duration);
        }
        fallback.coolDown(duration);
        long holdMicros = ObservedChanges.cappedMicros(duration, config.maxHold());
        long interval = intervalMicros();
        update(redis -> script.hold(redis, redisKey, interval, config.burst(), holdMicros, true, PENALTY_FACTOR,
                MAX_SLOWDOWN));
    }

    /** The state now: the shared hold and slow-down from Redis (the local ones while it is unavailable). */
    @Override
    public PacerState state() {
        long interval = intervalMicros();
        Optional<ScriptReply> shared = update(redis -> script.state(redis, redisKey, interval, config.burst()));
        Duration heldFor;
        double slowdown;
        if (shared.isPresent()) {
            heldFor = shared.get().heldFor();
            slowdown = shared.get().slowdown();
        } else {
            PacerState local = fallback.state();
            heldFor = local.heldFor();
            slowdown = local.slowdown();
        }
        int cap = gate.limit();
        return new PacerState(true, requestsPerMinute,
                cap == ConcurrencyGate.UNLIMITED ? OptionalInt.empty() : OptionalInt.of(cap), config.burst(),
                gate.inFlight(), gate.waiting() + turn.getQueueLength() + sleeping.get(), heldFor, slowdown);
    }

    /** The key paced. */
    public RateLimitKey key() {
        return key;
    }

    /** The Redis key holding the shared state; made of the endpoint and the key fingerprint only. */
    public String redisKey() {
        return redisKey;
    }

    /** False while Redis is known to be unavailable (the pacer then follows its failure mode). */
    public boolean isCoordinated() {
        return link.isAvailable();
    }

    /** The local pacer used while Redis is unavailable; fed everything this pacer learns. */
    Pacer fallback() {
        return fallback;
    }

    @Override
    public String toString() {
        return "RedisPacer[" + key + " via " + link.target() + "]";
    }

    private Optional<ScriptReply> update(Function<RedisCommands<String, String>, ScriptReply> operation) {
        if (!link.shouldTry()) {
            return Optional.empty();
        }
        try {
            ScriptReply reply = link.call(operation);
            knownSlowdown = reply.slowdown();
            return Optional.of(reply);
        } catch (RedisDownException down) {
            return Optional.empty(); // reported by the link; the local fallback learnt it too
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private long intervalMicros() {
        int rpm = requestsPerMinute;
        return (60_000_000L + rpm - 1) / rpm;
    }

    private int concurrencyCapOf(Tier tier) {
        OptionalInt cap = tier.maxConcurrency();
        return cap.isPresent() ? config.concurrencyShareOf(cap.getAsInt()) : ConcurrencyGate.UNLIMITED;
    }

    /**
     * {@code wait} rounded up to whole milliseconds. A JDK sleep of a fraction of a millisecond rounds to the
     * nearest one, so it can wake before the start is due; the re-ask is then refused and the second sleep
     * (at least a millisecond) makes every start late by a millisecond or two, which spreads the starts out.
     */
    static Duration wholeMillis(Duration wait) {
        long millis = wait.toMillis();
        return Duration.ofMillis(wait.equals(Duration.ofMillis(millis)) ? millis : millis + 1);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
