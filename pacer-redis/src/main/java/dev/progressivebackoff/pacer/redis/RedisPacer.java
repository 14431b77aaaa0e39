package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacer.redis.internal.ConcurrencyGate;
import dev.progressivebackoff.pacer.redis.internal.EndedGrants;
import dev.progressivebackoff.pacer.redis.internal.ObservedChange;
import dev.progressivebackoff.pacer.redis.internal.PacerScript;
import dev.progressivebackoff.pacer.redis.internal.RedisDownException;
import dev.progressivebackoff.pacer.redis.internal.RedisLink;
import dev.progressivebackoff.pacer.redis.internal.ScriptReply;
import dev.progressivebackoff.pacer.redis.internal.TokenScript;
import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.pacing.SendJitter;
import dev.progressivebackoff.pacing.SlowdownRules;
import dev.progressivebackoff.pacing.TokenBudgetExceededException;
import dev.progressivebackoff.pacing.WindowHold;
import dev.progressivebackoff.pacing.WindowRules;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * A {@link Pacer} whose schedule lives in Redis, shared by every process and machine that paces the same
 * {@link RateLimitKey}: the GCRA start spacing (a {@linkplain WindowRules#margin margin} wider than 60 s / RPM
 * unless {@link RedisPacersBuilder#withSpacingMargin turned off}), the cool-downs after 429s, holds and
 * stretches learnt from headers, the 429 slow-down and the floor it leaves ({@link SlowdownRules}), and the
 * count a window announced. Each acquire is one atomic Lua script run on Redis's own clock, which grants a
 * start that is due now (or within the asker's round trip, the caller then sleeping out the rest) or answers how
 * long until the next one; the caller then waits locally through the {@link dev.progressivebackoff.core.Sleeper},
 * holding no connection, and asks again. Starts are never reserved further ahead. The spacing is kept between
 * requests on the wire, not grants: a process's starts are granted by its lead (the least of its recent delays
 * from grant to send) before they are due, the next counted from the expected send, and a request
 * {@linkplain RedisPermit#markSent() marked sent} later than expected re-anchors the schedule at its send.
 *
 * <p>The concurrency cap is per process: the tier's cap divided by the expected number of workers. While
 * Redis is unavailable the pacer follows its {@link RedisFailureMode}. Get one from
 * {@link RedisPacers#pacerFor}. Thread-safe.
 */
public final class RedisPacer implements Pacer {

    /** A send this soon after the moment its grant expected it is on time: nothing re-anchors the schedule. */
    static final long PROMPT_SEND_NANOS = 250_000L;

    /** The longest lead a start is granted by (a tenth of the spacing, if less). */
    static final long MAX_LEAD_NANOS = 5_000_000L;

    /** The longest a start claimed by the caller refused for longest waits for it before others may take it. */
    private static final long MAX_GRACE_MICROS = 20_000;

    private final RateLimitKey key;
    private final String redisKey;
    private final RedisLink link;
    private final PacerScript script;
    private final PacerConfig config;
    private final ConcurrencyGate gate;
    /** The key's tokens per window, shared through Redis. */
    private final SharedTokenBudget tokens;

    private final Pacer fallback;
    private final ReentrantLock turn = new ReentrantLock(true);
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger sleeping = new AtomicInteger();
    private final AsyncAskers askers = new AsyncAskers();
    private final EndedGrants ended = new EndedGrants();
    /** How late this process puts granted requests on the wire: widens the spacing it asks Redis for. */
    private final SendJitter jitter = new SendJitter();

    private final RoundTrips roundTrip = new RoundTrips();
    /**
     * Each reply's Redis time taken from the local time it was read at: the clocks' offset plus that reply's delay.
     * The smallest recent one stands for the offset plus the usual delay, so a grant read later than usual (the
     * reading thread descheduled) counts as that much late: its request leaves that much later after the grant.
     */
    private final RecentMinimum replyOffsets = new RecentMinimum();
    /**
     * The least time this process recently took from a grant to its request going on the wire. Its starts are
     * granted that much before they are due, so that the request, not the grant, comes when the start is due.
     */
    private final RecentMinimum sendDelays = new RecentMinimum();
    /** Whether this process has sent a request through Redis yet: its first send is not jitter. */
    private final AtomicBoolean sentBefore = new AtomicBoolean();
    /** The spent window every process sharing the key is held by, as the last reply from Redis said. */
    private final SharedSpentWindow spentWindow;

    private volatile int requestsPerMinute;
    private volatile boolean recovering;
    /** The most tokens one local start reserves while Redis is unavailable: the fallback's whole window. */
    private volatile long localTokenCap;

    RedisPacer(
            RateLimitKey key,
            String redisKey,
            Tier tier,
            RedisLink link,
            PacerScript script,
            PacerConfig config,
            TokenScript tokenScript) {
        this.key = Objects.requireNonNull(key, "key");
        this.redisKey = Objects.requireNonNull(redisKey, "redisKey");
        this.link = Objects.requireNonNull(link, "link");
        this.script = Objects.requireNonNull(script, "script");
        this.config = Objects.requireNonNull(config, "config");
        this.requestsPerMinute = tier.requestsPerMinute();
        this.gate = new ConcurrencyGate(concurrencyCapOf(tier));
        this.spentWindow = new SharedSpentWindow(config.timeSource());
        this.tokens = new SharedTokenBudget(redisKey, link, tokenScript, config);
        tokens.adopt(tier.tokensPerMinute());
        this.localTokenCap = config.localTokensPerWindow(tier);
        this.fallback = Pacer.builder()
                .withTier(config.localShareOf(tier))
                .withTokenWindows(config.tokenWindow(), Duration.ofDays(1))
                .withBurst(config.burst())
                .withSpacingMargin(config.spacingMargin())
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
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException a server told this process or another
     *                                   sharing the key that its window is spent until a reset further away than
     *                                   the maximum hold ({@link #windowHold()}); nothing held
     */
    @Override
    public RedisPermit acquire() throws InterruptedException {
        return acquireStart(0);
    }

    /** As {@link #acquire()}; a local start reserves {@code localTokens} from the fallback's token share. */
    private RedisPermit acquireStart(long localTokens) throws InterruptedException {
        gate.enter();
        boolean granted = false;
        try {
            RedisPermit permit = awaitStart(localTokens);
            granted = true;
            return permit;
        } finally {
            if (!granted) {
                gate.leave();
            }
        }
    }

    /**
     * As {@link #acquire()}, once the key's token budget, shared by every process through Redis, holds
     * {@code estimatedTokens}: they are reserved first (waiting, in arrival order within this process, until
     * they fit in the window), and counted from when the request goes on the wire ({@link RedisPermit#markSent})
     * until the permit is {@linkplain RedisPermit#settle settled} to its usage. While Redis is unavailable they
     * are reserved from the local fallback's token budget instead, at 1/workers of the TPM as its requests (a
     * request larger than that share waits until the whole share is free).
     *
     * @throws TokenBudgetExceededException more tokens than the whole window's budget; nothing held
     * @throws DailyQuotaExhaustedException the day's quota is spent, as a server told this process or another
     *                                      sharing the key (until its reset); nothing sent, nothing held
     */
    @Override
    public RedisPermit acquire(long estimatedTokens) throws InterruptedException {
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must not be negative: " + estimatedTokens);
        }
        long reservation = tokens.reserve(estimatedTokens);
        boolean granted = false;
        try {
            RedisPermit permit = acquireStart(Math.min(estimatedTokens, localTokenCap));
            permit.reserved(reservation);
            granted = true;
            return permit;
        } finally {
            if (!granted) {
                tokens.settle(reservation, 0);
            }
        }
    }

    /**
     * As {@link Pacer#dailyQuotaSpent}: every {@link #acquire(long)} on the key fails until the reset, in this
     * process and, through Redis, in every other one sharing the key.
     */
    @Override
    public void dailyQuotaSpent(Duration resetIn, String why) {
        Objects.requireNonNull(resetIn, "resetIn");
        tokens.daySpent(resetIn, why);
        fallback.dailyQuotaSpent(resetIn, why);
    }

    /**
     * Asks Redis for a start until one is due, sleeping toward it (at most the recheck interval at a time, and
     * waking one {@linkplain RoundTrips round trip} before it is due, so the ask reaches Redis when it is) in between. Only the caller at the head of this process's FIFO asks, so the others do not all wake
     * together at each start and race for it; across processes, the caller refused for longest claims the
     * next start (for a grace of a quarter spacing, at most 20 ms), so processes take turns; a start is taken
     * only when it is due, so nothing is reserved that a cool-down or a late wake-up could leave unused or
     * crowd. While a window's announced count lasts, every start is due at once (holds aside) and nobody claims.
     */
    private RedisPermit awaitStart(long localTokens) throws InterruptedException {
        turn.lockInterruptibly();
        try {
            long since = 0;
            for (Ask ask = askOnce(since, true); ask != Ask.DOWN; ask = askOnce(since, true)) {
                if (ask.permit() != null) {
                    startWhenDue(ask);
                    ask.permit().handedAt(config.timeSource().nanoTime());
                    return ask.permit();
                }
                since = ask.since();
                sleep(ask.delay());
            }
        } finally {
            turn.unlock();
        }
        return localStart(localTokens);
    }

    /**
     * One ask of Redis for a start (see {@link #awaitStart}), for the blocking and the asynchronous acquisitions.
     *
     * @param since when this caller was first refused, on Redis's clock (0 before that)
     * @param ahead whether a start due within a round trip may be granted ahead (the caller sleeps out its wait)
     * @return the permit granted, or how long to wait before asking again, or {@link Ask#DOWN}
     * @throws RedisUnavailableException in {@link RedisFailureMode#STOP} when Redis cannot be used
     */
    Ask askOnce(long since, boolean ahead) throws InterruptedException {
        if (!link.shouldTry()) {
            return Ask.DOWN;
        }
        ScriptReply reply;
        long asked = System.nanoTime();
        PacerScript.Target target = target();
        long lead = Math.min(sendDelays.ofFullWindow(), Math.min(MAX_LEAD_NANOS, target.intervalMicros() * 100));
        PacerScript.Asker asker = new PacerScript.Asker(
                token,
                since,
                Math.min(MAX_GRACE_MICROS, target.intervalMicros() / 4),
                lead / 1000,
                ahead ? roundTrip.recent().toNanos() / 1000 : 0);
        try {
            reply = link.call(redis -> script.acquire(redis, target, asker, maxHoldMicros()));
        } catch (RedisDownException down) {
            if (config.failureMode() == RedisFailureMode.STOP) {
                throw new RedisUnavailableException(link.target(), down.reason(), down);
            }
            return Ask.DOWN;
        }
        roundTrip.record(System.nanoTime() - asked);
        return answered(reply, since, lead);
    }

    /** What an ask's {@code reply} gives the caller, refused since {@code since}, that asked with {@code lead}. */
    private Ask answered(ScriptReply reply, long since, long lead) {
        long read = config.timeSource().nanoTime();
        long offset = read - (reply.startMicros() - reply.waitMicros()) * 1000L;
        long lag = offset - replyOffsets.record(offset);
        recovering = reply.recovering();
        spentWindow.refuseBeyond(reply, config.maxHold());
        if (reply.granted()) {
            // a start granted ahead comes when due: the reply's wait, from when Redis answered
            long startNanos = read - lag + reply.waitTime().toNanos();
            RedisPermit permit = RedisPermit.coordinated(
                    this,
                    gate,
                    reply.startMicros(),
                    startNanos,
                    reply.counted() ? 0 : lead,
                    reply.sequence(),
                    reply.counted());
            return new Ask(permit, Duration.ofNanos(Math.max(0, startNanos - read)), since);
        }
        // The exact wait, not rounded up: the start goes to whoever asks once it is due, and the
        // schedule counts from that moment, so each microsecond overslept delays every later
        // start of the key. A sleeper that wakes early costs only a refused ask and a short re-sleep.
        return new Ask(
                null,
                min(roundTrip.askAhead(reply.waitTime()), config.recheckInterval()),
                since == 0 ? reply.startMicros() - reply.waitMicros() : since);
    }

    /** Sleeps out the wait of a start granted ahead; interrupted meanwhile, its grant ends unused. */
    private void startWhenDue(Ask granted) throws InterruptedException {
        if (granted.delay().isZero()) {
            return;
        }
        try {
            sleep(granted.delay());
        } catch (InterruptedException interrupted) {
            ended(granted.permit().sequence()); // the caller frees the concurrency slot
            throw interrupted;
        }
    }

    /**
     * What one ask of Redis gave: a permit and the wait until its start (granted ahead), or the wait before asking
     * again and when the caller was first refused.
     * {@link #DOWN}: Redis cannot be used, the local fallback paces the start.
     */
    record Ask(RedisPermit permit, Duration delay, long since) {
        static final Ask DOWN = new Ask(null, Duration.ZERO, 0);
    }

    /**
     * As {@link #acquire(long)} without blocking the caller: the token reservation, the concurrency slot and the
     * start are awaited as scheduled tasks (each ask of Redis is one script round trip on a thread of
     * {@code scheduler}), in arrival order among this pacer's asynchronous callers. Cancelling the future gives the
     * place up and frees what it reserved.
     */
    @Override
    public CompletableFuture<Permit> acquireAsync(long estimatedTokens, ScheduledExecutorService scheduler) {
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must not be negative: " + estimatedTokens);
        }
        return new AsyncRedisStart(this, Objects.requireNonNull(scheduler, "scheduler"), estimatedTokens).start();
    }

    /** The asynchronous starts waiting to ask Redis, in arrival order. */
    AsyncAskers askers() {
        return askers;
    }

    SharedTokenBudget tokens() {
        return tokens;
    }

    ConcurrencyGate gate() {
        return gate;
    }

    /** The most tokens a local start reserves from the fallback's share. */
    long localTokensFor(long estimatedTokens) {
        return Math.min(estimatedTokens, localTokenCap);
    }

    private RedisPermit localStart(long localTokens) throws InterruptedException {
        Permit local = fallback.acquire(localTokens);
        return RedisPermit.local(this, gate, local);
    }

    private void sleep(Duration duration) throws InterruptedException {
        sleeping.incrementAndGet();
        try {
            config.sleeper().sleep(duration);
        } finally {
            sleeping.decrementAndGet();
        }
    }

    /**
     * As {@link Pacer#adoptTier}. A slow-down and floor learnt from 429s at another rate are forgotten, for
     * every process sharing the key, as the local pacer forgets them.
     */
    @Override
    public void adoptTier(Tier tier) {
        Objects.requireNonNull(tier, "tier");
        gate.resize(concurrencyCapOf(tier));
        if (tier.tokensPerMinute().isPresent()) {
            tokens.adopt(tier.tokensPerMinute());
            localTokenCap = config.localTokensPerWindow(tier);
            fallback.adoptTier(config.localShareOf(tier));
        }
        changeRate(tier.requestsPerMinute());
    }

    /** As {@link #adoptTier}, keeping the concurrency cap. */
    @Override
    public void adoptRpm(int newRequestsPerMinute) {
        if (newRequestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + newRequestsPerMinute);
        }
        changeRate(newRequestsPerMinute);
    }

    private void changeRate(int newRequestsPerMinute) {
        int old = requestsPerMinute;
        requestsPerMinute = newRequestsPerMinute;
        fallback.adoptRpm(config.shareOf(newRequestsPerMinute));
        if (old != newRequestsPerMinute) {
            update(script::rate);
        }
    }

    /** As {@link Pacer#observe(RateLimitSignals)}; what it changes is changed for every process sharing the key. */
    @Override
    public void observe(RateLimitSignals signals) {
        observe(null, signals);
    }

    /**
     * As {@link Pacer#observe(Permit, RateLimitSignals)}, for every process sharing the key: a {@code remaining}
     * count, learnt from the response to a start any process was granted, lets every process start at once
     * while it lasts (the starts of all of them counted against it, less the older requests still in flight),
     * and once it is spent every start is held until the window's end, which a response naming the window's
     * first request dates from when that request was sent. A 429 met while a count is spent stops every
     * process from trusting counts (until the key's state expires, after ten idle minutes).
     */
    @Override
    public void observe(Permit permit, RateLimitSignals signals) {
        Objects.requireNonNull(signals, "signals");
        RedisPermit own = permit instanceof RedisPermit mine && mine.owner() == this ? mine : null;
        fallback.observe(own == null ? null : own.localPermit(), signals);
        tokens.observe(signals);
        boolean shared = own != null && own.coordinated();
        ObservedChange change = ObservedChanges.of(
                signals, recovering, config.maxHold(), shared ? own.sequence() : 0, shared ? own.sentMicros() : 0);
        if (!change.isEmpty()
                && update((redis, target) -> script.observe(redis, target, change))
                        .isPresent()
                && shared) {
            own.observed();
        }
    }

    /**
     * As {@link Pacer#coolDown}; the hold, the slow-down and the floor it raises apply to every process
     * sharing the key. A 429 of a request started before the last slow-down (by any process) does not slow
     * the pace down again.
     */
    @Override
    public void coolDown(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a cool-down must not be negative: " + duration);
        }
        fallback.coolDown(duration);
        long holdMicros = ObservedChanges.cappedMicros(duration, config.maxHold());
        update((redis, target) -> script.hold(redis, target, holdMicros, true));
    }

    /** The state now: the shared hold and slow-down from Redis (the local ones while it is unavailable). */
    @Override
    public PacerState state() {
        Optional<ScriptReply> shared = update(script::state);
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
        return new PacerState(
                true,
                requestsPerMinute,
                cap == ConcurrencyGate.UNLIMITED ? OptionalInt.empty() : OptionalInt.of(cap),
                config.burst(),
                gate.inFlight(),
                gate.waiting() + turn.getQueueLength() + sleeping.get() + askers.size(),
                heldFor,
                slowdown);
    }

    /**
     * As {@link Pacer#windowHold()}: the hold a spent window imposes on every process sharing the key, as Redis
     * last told this process (each of its calls to Redis hears of it; no call is made for this), or the local
     * fallback's while Redis is unavailable.
     */
    @Override
    public Optional<WindowHold> windowHold() {
        return link.isAvailable() ? spentWindow.current() : fallback.windowHold();
    }

    /** The key paced. */
    public RateLimitKey key() {
        return key;
    }

    /**
     * The Redis key holding the shared state; made of the endpoint and the key fingerprint only (the starts in
     * flight are kept under the same name followed by {@code :inflight}).
     */
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

    /**
     * {@code permit}'s request goes on the wire: a paced start sent later than its grant expected (by the lead it was
     * granted with) re-anchors the key's next start one interval after the send, on Redis; a prompt or counted one
     * moves nothing. The delay counts from the grant on Redis's clock, the reply's own lateness included, and widens
     * this process's margin ({@link SendJitter}); the least recent one is the lead of the next grants. The
     * re-anchoring is sent without waiting for its reply: waiting would hold the request back by a round trip after
     * the moment it re-anchors to, so that it reaches the server late and the next start, sent promptly, too soon
     * after it.
     */
    void sent(RedisPermit permit) {
        tokens.sent(permit.reservation());
        long now = config.timeSource().nanoTime();
        long lateNanos = Math.max(0, now - permit.grantedNanos());
        boolean first = !sentBefore.getAndSet(true);
        if (!first && !permit.counted()) {
            // The margin follows how unevenly the caller sends once handed its permit; the lateness since the
            // grant (the reply read late, a short wait overslept) is re-anchored instead.
            jitter.record(now - permit.handedNanos());
            sendDelays.record(lateNanos);
        }
        long sentMicros = permit.startMicros() + lateNanos / 1000;
        permit.sentAt(sentMicros);
        if (permit.counted() || (!first && lateNanos - permit.leadNanos() < PROMPT_SEND_NANOS) || !link.shouldTry()) {
            // On the wire about when its grant expected it: the spacing's margin covers the rest, and
            // re-anchoring would only add that little to every start.
            return;
        }
        // The first request this process sends opens its connection and loads classes, and the reply that
        // granted it was read by cold code, late by an unknown amount: Redis's own clock, as the re-anchoring
        // reaches it, dates that send; it is no jitter either, nor a lead.
        long at = first ? 0 : sentMicros;
        PacerScript.Target target = target();
        permit.reanchoring(
                link.callAsync(redis -> script.sent(redis, target, at)).thenAccept(reply -> {
                    recovering = reply.recovering();
                    spentWindow.learn(reply);
                }));
    }

    /** {@code permit}'s request used {@code usedTokens}: its reservation is settled to them, for every process. */
    void settle(RedisPermit permit, long usedTokens) {
        tokens.settle(permit.reservation(), usedTokens);
    }

    /** Grant {@code sequence} ended before Redis saw its response: Redis is told with the next operation. */
    void ended(long sequence) {
        ended.add(sequence);
    }

    /** What every script call passes; takes the grants ended since the last call, so call it only to send. */
    private PacerScript.Target target() {
        return new PacerScript.Target(redisKey, intervalMicros(), config.burst(), ended.drain());
    }

    private Optional<ScriptReply> update(
            BiFunction<RedisCommands<String, String>, PacerScript.Target, ScriptReply> operation) {
        if (!link.shouldTry()) {
            return Optional.empty();
        }
        try {
            PacerScript.Target target = target();
            ScriptReply reply = link.call(redis -> operation.apply(redis, target));
            recovering = reply.recovering();
            spentWindow.learn(reply);
            return Optional.of(reply);
        } catch (RedisDownException down) {
            return Optional.empty(); // reported by the link; the local fallback learnt it too
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private long maxHoldMicros() {
        return ObservedChanges.cappedMicros(config.maxHold(), config.maxHold());
    }

    /** The spacing at the adopted rate, margin included, in microseconds rounded up. */
    private long intervalMicros() {
        long exact = WindowRules.spacing(requestsPerMinute, false);
        return ObservedChanges.ceilMicros(config.spacingMargin() ? exact + jitter.margin(exact) : exact);
    }

    private int concurrencyCapOf(Tier tier) {
        OptionalInt cap = tier.maxConcurrency();
        return cap.isPresent() ? config.concurrencyShareOf(cap.getAsInt()) : ConcurrencyGate.UNLIMITED;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
