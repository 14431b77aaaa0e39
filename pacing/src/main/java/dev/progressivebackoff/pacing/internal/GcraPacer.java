package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.WindowHold;
import dev.progressivebackoff.pacing.WindowRules;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A GCRA {@link Pacer}, first come, first served. A caller that cannot start at once joins a FIFO queue;
 * only the head of the queue watches the clock: it waits (on a condition, lock released) for a free
 * concurrency slot, then sleeps through the {@link Sleeper} (no lock held) toward its start, re-reading the
 * schedule each time it wakes, so a cool-down or a new tier declared meanwhile applies to it. Nothing is
 * reserved before the start itself, so a caller interrupted while waiting leaves nothing behind.
 *
 * <p>{@link #acquireAsync} callers queue in the same FIFO, with a task on a scheduler in place of a parked thread:
 * no thread waits for them.
 */
public final class GcraPacer implements Pacer {

    /** The concurrency cap of a tier that has none. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private final TimeSource timeSource;
    private final Sleeper sleeper;
    private final long recheckNanos;
    private final Duration maxHold;
    private final int burst;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<QueueTurn> queue = new ArrayDeque<>();
    private final GcraSchedule schedule;
    private int requestsPerMinute;
    private int maxConcurrency;
    private int inFlight;
    private volatile boolean slowedDown;
    private final WindowCount window = new WindowCount();
    /** The hold a spent window announced, uncut: a start is refused while it lasts longer than the maximum. */
    private final SpentWindow spent = new SpentWindow();
    /** The header family the newest {@code remaining} requests count came with. */
    private WaitSource requestsSource = WaitSource.X_RATELIMIT_RESET_REQUESTS;

    private long grantedAtLastPenalty = -1;
    private final TokenBudget tokens;

    /** A pacer at {@code tier}; see {@link Pacer.Builder} for the parameters. */
    public GcraPacer(
            Tier tier, int burst, Duration recheckInterval, Duration maxHold, TimeSource timeSource, Sleeper sleeper) {
        this(tier, burst, true, recheckInterval, maxHold, timeSource, sleeper);
    }

    /** A pacer at {@code tier}; {@code margin} false spaces starts at exactly 60 s / RPM. */
    public GcraPacer(
            Tier tier,
            int burst,
            boolean margin,
            Duration recheckInterval,
            Duration maxHold,
            TimeSource timeSource,
            Sleeper sleeper) {
        this(tier, burst, margin, recheckInterval, maxHold, timeSource, sleeper, TokenWindows.DEFAULT);
    }

    /**
     * A pacer at {@code tier}, its token quotas (if any) counted over {@code windows}; {@code margin} false
     * spaces starts at exactly 60 s / RPM.
     */
    public GcraPacer(
            Tier tier,
            int burst,
            boolean margin,
            Duration recheckInterval,
            Duration maxHold,
            TimeSource timeSource,
            Sleeper sleeper,
            TokenWindows windows) {
        Objects.requireNonNull(tier, "tier");
        if (recheckInterval.isNegative() || recheckInterval.isZero() || maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("recheckInterval and maxHold must be positive");
        }
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.recheckNanos = recheckInterval.toNanos();
        this.maxHold = Objects.requireNonNull(maxHold, "maxHold");
        this.burst = burst;
        this.schedule = new GcraSchedule(tier.requestsPerMinute(), burst, margin, timeSource.nanoTime());
        this.requestsPerMinute = tier.requestsPerMinute();
        this.maxConcurrency = tier.maxConcurrency().orElse(UNLIMITED);
        this.tokens = new TokenBudget(tier.tokensPerMinute(), tier.tokensPerDay(), windows);
    }

    @Override
    public Permit acquire() throws InterruptedException {
        return acquire(0);
    }

    @Override
    public Permit acquire(long estimatedTokens) throws InterruptedException {
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must not be negative: " + estimatedTokens);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring a permit");
        }
        ParkedTurn turn;
        lock.lock();
        try {
            tokens.check(timeSource.nanoTime(), estimatedTokens);
            refuseLongHold(timeSource.nanoTime());
            if (queue.isEmpty() && inFlight < maxConcurrency) {
                long now = timeSource.nanoTime();
                if (earliestStart(now, estimatedTokens) - now <= 0) {
                    return grant(now, estimatedTokens);
                }
            }
            turn = new ParkedTurn(lock.newCondition());
            queue.addLast(turn);
        } finally {
            lock.unlock();
        }
        return awaitTurn(turn, estimatedTokens);
    }

    private Permit awaitTurn(ParkedTurn turn, long estimatedTokens) throws InterruptedException {
        boolean granted = false;
        try {
            while (true) {
                long sleepNanos;
                lock.lock();
                try {
                    while (queue.peekFirst() != turn || inFlight >= maxConcurrency) {
                        turn.await();
                    }
                    long now = timeSource.nanoTime();
                    tokens.check(now, estimatedTokens);
                    refuseLongHold(now);
                    long untilStart = earliestStart(now, estimatedTokens) - now;
                    if (untilStart <= 0) {
                        queue.removeFirst();
                        Permit permit = grant(now, estimatedTokens);
                        granted = true;
                        signalHead();
                        return permit;
                    }
                    sleepNanos = Math.min(untilStart, recheckNanos);
                } finally {
                    lock.unlock();
                }
                sleeper.sleep(Duration.ofNanos(sleepNanos));
            }
        } finally {
            if (!granted) {
                leave(turn);
            }
        }
    }

    /**
     * As {@link #acquire(long)} without blocking: a caller that cannot start at once takes its place in the same
     * FIFO queue, and a task on {@code scheduler} starts it when it is the head, a slot is free and its start is due.
     * Cancelling the future gives its place up (a permit granted meanwhile is closed).
     */
    @Override
    public CompletableFuture<Permit> acquireAsync(long estimatedTokens, ScheduledExecutorService scheduler) {
        if (estimatedTokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must not be negative: " + estimatedTokens);
        }
        Objects.requireNonNull(scheduler, "scheduler");
        ScheduledTurn turn = new ScheduledTurn(this::attempt, scheduler, estimatedTokens);
        lock.lock();
        try {
            long now = timeSource.nanoTime();
            tokens.check(now, estimatedTokens);
            refuseLongHold(now);
            if (queue.isEmpty() && inFlight < maxConcurrency && earliestStart(now, estimatedTokens) - now <= 0) {
                return CompletableFuture.completedFuture(grant(now, estimatedTokens));
            }
            queue.addLast(turn);
            if (queue.peekFirst() == turn) {
                turn.wake();
            }
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        } finally {
            lock.unlock();
        }
        turn.future().whenComplete((permit, failure) -> {
            if (failure != null) {
                abandon(turn);
            }
        });
        return turn.future();
    }

    /** An asynchronous turn's try: starts it if it is the head, a slot is free and its start is due. */
    private void attempt(ScheduledTurn turn) {
        Permit granted = null;
        RuntimeException refused = null;
        lock.lock();
        try {
            if (turn.future().isDone() || queue.peekFirst() != turn || inFlight >= maxConcurrency) {
                return;
            }
            long now = timeSource.nanoTime();
            try {
                tokens.check(now, turn.estimatedTokens());
                refuseLongHold(now);
                long untilStart = earliestStart(now, turn.estimatedTokens()) - now;
                if (untilStart > 0) {
                    turn.tryIn(Math.min(untilStart, recheckNanos));
                    return;
                }
                granted = grant(now, turn.estimatedTokens());
            } catch (RuntimeException failure) {
                refused = failure;
            }
            queue.removeFirst();
            signalHead();
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            turn.future().completeExceptionally(refused);
        } else if (!turn.future().complete(granted)) {
            granted.close();
        }
    }

    /** A cancelled (or failed) asynchronous turn leaves the queue; its pending try is cancelled. */
    private void abandon(ScheduledTurn turn) {
        lock.lock();
        try {
            turn.cancelTimer();
        } finally {
            lock.unlock();
        }
        leave(turn);
    }

    private void leave(QueueTurn turn) {
        lock.lock();
        try {
            boolean wasHead = queue.peekFirst() == turn;
            queue.remove(turn);
            if (wasHead) {
                signalHead();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the next start may happen: at once while the window's announced count lasts, and once the token
     * budget holds its tokens. Caller holds the lock.
     */
    private long earliestStart(long now, long estimatedTokens) {
        long requests = window.hasCount() ? schedule.earliestUnspacedStart(now) : schedule.earliestStart(now);
        return Math.max(requests, tokens.earliest(now, estimatedTokens));
    }

    /** Starts a request now. Caller holds the lock. */
    private Permit grant(long now, long estimatedTokens) {
        boolean counted = window.hasCount();
        long sequence = window.grant();
        if (counted) {
            schedule.commitCounted(now);
            if (!window.hasCount()) {
                // The count is spent: the server admits nothing more until its window turns over.
                window.resetAt(now).ifPresent(reset -> holdForWindow(reset, now, SpentWindow.REQUESTS, requestsSource));
            }
        } else {
            schedule.commit(now);
        }
        inFlight++;
        return new GrantedPermit(sequence, counted, now, tokens.reserve(now, estimatedTokens));
    }

    /** Wakes the head of the queue to re-read the state. Caller holds the lock. */
    private void signalHead() {
        QueueTurn head = queue.peekFirst();
        if (head != null) {
            head.wake();
        }
    }

    private void release(GrantedPermit permit) {
        lock.lock();
        try {
            if (permit.released) {
                return;
            }
            permit.released = true;
            inFlight--;
            window.finished(permit.sequence);
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void adoptTier(Tier tier) {
        Objects.requireNonNull(tier, "tier");
        lock.lock();
        try {
            changeRate(tier.requestsPerMinute());
            maxConcurrency = tier.maxConcurrency().orElse(UNLIMITED);
            if (tier.tokensPerMinute().isPresent() || tier.tokensPerDay().isPresent()) {
                tokens.adopt(tier.tokensPerMinute(), tier.tokensPerDay());
            }
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void adoptRpm(int newRequestsPerMinute) {
        if (newRequestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + newRequestsPerMinute);
        }
        lock.lock();
        try {
            changeRate(newRequestsPerMinute);
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    private void changeRate(int newRequestsPerMinute) {
        schedule.changeRate(newRequestsPerMinute, timeSource.nanoTime());
        requestsPerMinute = newRequestsPerMinute;
    }

    @Override
    public void observe(RateLimitSignals signals) {
        observe(null, signals);
    }

    @Override
    public void observe(Permit permit, RateLimitSignals signals) {
        OptionalLong remaining = signals.remainingRequests();
        OptionalLong remainingTokens = signals.remainingTokens();
        boolean tokensSpent = remainingTokens.isPresent()
                && remainingTokens.getAsLong() <= 0
                && signals.resetTokens().isPresent();
        boolean recovering = slowedDown && signals.classification().kind() == ResponseKind.SUCCESS;
        if (remainingTokens.isPresent() || DailyQuotaExhaustedException.announcedBy(signals)) {
            observeTokens(signals);
        }
        if (remaining.isEmpty() && !tokensSpent && !recovering) {
            return;
        }
        GrantedPermit granted = permit instanceof GrantedPermit own && own.owner() == this ? own : null;
        lock.lock();
        try {
            long now = timeSource.nanoTime();
            if (recovering) {
                schedule.recover();
                slowedDown = schedule.recovering();
            }
            if (remaining.isPresent()) {
                requestsSource = SpentWindow.sourceOf(signals, WaitSource.X_RATELIMIT_RESET_REQUESTS);
                Optional<Long> reset = granted == null
                        ? signals.resetRequests().map(SpentWindow::nanos)
                        : window.observe(granted.sequence, granted.sentAt, remaining.getAsLong(), signals, now)
                                .map(SpentWindow::clamp);
                learnFromRequests(
                        remaining.getAsLong(), reset, WindowRules.nearlySpent(remaining.getAsLong(), signals), now);
                signalHead();
            }
            if (tokensSpent) {
                holdForWindow(
                        now + SpentWindow.nanos(signals.resetTokens().get()),
                        now,
                        SpentWindow.TOKENS,
                        SpentWindow.sourceOf(signals, WaitSource.X_RATELIMIT_RESET_TOKENS));
            }
        } finally {
            lock.unlock();
        }
    }

    private void observeTokens(RateLimitSignals signals) {
        lock.lock();
        try {
            long now = timeSource.nanoTime();
            if (DailyQuotaExhaustedException.announcedBy(signals)) {
                tokens.daySpent(now, dayReset(signals), signals.classification().reason());
            }
            OptionalLong limit = signals.tokenQuota()
                    .map(quota -> OptionalLong.of(
                            Math.round(quota.limit() * 60e9 / quota.window().toNanos())))
                    .orElseGet(OptionalLong::empty);
            long reset = signals.resetTokens().map(this::capped).orElse(0L);
            tokens.observe(now, limit, signals.remainingTokens(), reset);
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** When a spent day resets: the server's hint, else a whole day. */
    private static long dayReset(RateLimitSignals signals) {
        return signals.preferredHint()
                .map(hint -> hint.delay().toNanos())
                .orElse(Duration.ofDays(1).toNanos());
    }

    @Override
    public void dailyQuotaSpent(Duration resetIn, String why) {
        lock.lock();
        try {
            tokens.daySpent(timeSource.nanoTime(), Math.max(0, resetIn.toNanos()), why);
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** {@code uncutReset}: nanoseconds until the window resets, as announced (not cut to the maximum hold). */
    private void learnFromRequests(long remaining, Optional<Long> uncutReset, boolean nearlySpent, long now) {
        Optional<Long> resetNanos = uncutReset.map(nanos -> capped(now + nanos, now) - now);
        if (window.hasCount()) {
            schedule.endStretch(now);
        } else if (remaining <= 0 && uncutReset.isPresent()) {
            holdForWindow(now + uncutReset.get(), now, SpentWindow.REQUESTS, requestsSource);
        } else if (remaining <= 0) {
            schedule.holdUntil(now + schedule.interval(), now);
        } else if (resetNanos.isPresent() && nearlySpent) {
            long spacing = WindowRules.spacingUntilReset(resetNanos.get(), remaining);
            if (spacing > schedule.interval()) {
                schedule.stretch(spacing, now + resetNanos.get(), now);
            } else {
                schedule.endStretch(now);
            }
        }
    }

    /**
     * Holds every start until a spent window resets at {@code resetAt}: the schedule holds at most the maximum
     * hold, and a longer reset is kept whole so that starts are refused rather than sent into it. Caller holds
     * the lock.
     */
    private void holdForWindow(long resetAt, long now, String reason, WaitSource source) {
        spent.holdUntil(resetAt, now, reason, source);
        schedule.holdUntil(capped(resetAt, now), now);
    }

    /**
     * Fails a start at once while a spent window holds longer than the maximum hold; once the rest of it fits,
     * the schedule (which held only the maximum) holds it whole. Caller holds the lock.
     */
    private void refuseLongHold(long now) {
        long held = spent.heldFor(now);
        if (held > maxHold.toNanos()) {
            throw spent.at(now, timeSource.now()).orElseThrow().refusal(maxHold);
        }
        if (held > schedule.heldFor(now)) {
            schedule.holdUntil(now + held, now);
        }
    }

    @Override
    public Optional<WindowHold> windowHold() {
        lock.lock();
        try {
            return spent.at(timeSource.nanoTime(), timeSource.now());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void coolDown(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a cool-down must not be negative: " + duration);
        }
        lock.lock();
        try {
            long now = timeSource.nanoTime();
            if (window.granted() > grantedAtLastPenalty) {
                // 429s of requests started before the last slow-down tell nothing new about it
                schedule.penalise();
                grantedAtLastPenalty = window.granted();
            }
            slowedDown = true;
            window.rateLimited();
            schedule.holdUntil(now + capped(duration), now);
        } finally {
            lock.unlock();
        }
    }

    private long capped(long resetAt, long now) {
        return now + Math.min(Math.max(0, resetAt - now), maxHold.toNanos());
    }

    private long capped(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        return duration.compareTo(maxHold) >= 0 ? maxHold.toNanos() : duration.toNanos();
    }

    @Override
    public PacerState state() {
        lock.lock();
        try {
            OptionalInt cap = maxConcurrency == UNLIMITED ? OptionalInt.empty() : OptionalInt.of(maxConcurrency);
            return new PacerState(
                    true,
                    requestsPerMinute,
                    cap,
                    burst,
                    inFlight,
                    queue.size(),
                    Duration.ofNanos(schedule.heldFor(timeSource.nanoTime())),
                    schedule.slowdown());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Pacer" + state();
    }

    private void sent(GrantedPermit permit) {
        lock.lock();
        try {
            long now = timeSource.nanoTime();
            if (permit.sequence > 1 && !permit.marked) {
                // the first request of a pacer also opens a connection and loads classes: not jitter; a
                // transport retry's send comes after its backoff: not jitter either
                schedule.sendDelay(now - permit.grantedAt);
            }
            permit.marked = true;
            permit.sentAt = now;
            tokens.sent(permit.reservation, now);
            if (!permit.counted) {
                schedule.sentAt(now);
            }
        } finally {
            lock.unlock();
        }
    }

    private void settle(GrantedPermit permit, long usedTokens) {
        lock.lock();
        try {
            tokens.settle(permit.reservation, usedTokens);
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** One granted start; gives its concurrency slot back once. */
    private final class GrantedPermit implements Permit {
        private final long sequence;
        private final boolean counted;
        private final TokenBudget.Reservation reservation;
        private boolean released;
        private final long grantedAt;
        private long sentAt;
        private boolean marked;

        GrantedPermit(long sequence, boolean counted, long grantedAt, TokenBudget.Reservation reservation) {
            this.sequence = sequence;
            this.reservation = reservation;
            this.counted = counted;
            this.grantedAt = grantedAt;
            this.sentAt = grantedAt;
        }

        GcraPacer owner() {
            return GcraPacer.this;
        }

        @Override
        public void markSent() {
            sent(this);
        }

        @Override
        public void settle(long usedTokens) {
            GcraPacer.this.settle(this, usedTokens);
        }

        @Override
        public void close() {
            release(this);
        }
    }
}
