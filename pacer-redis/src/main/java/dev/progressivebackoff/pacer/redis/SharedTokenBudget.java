package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacer.redis.internal.RedisDownException;
import dev.progressivebackoff.pacer.redis.internal.RedisLink;
import dev.progressivebackoff.pacer.redis.internal.TokenScript;
import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.pacing.TokenBudgetExceededException;
import dev.progressivebackoff.pacing.WindowRules;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One key's token budget as a {@link RedisPacer} keeps it: the per-window tokens shared through Redis
 * ({@code tokens.lua}, one atomic script run per operation on Redis's clock), and the day's quota as this
 * process or another was told it is spent (stored in Redis until its reset). A start waits, in arrival order
 * within the process, until its estimate fits in the window, reserves it, counts it from when it goes on the
 * wire, and is settled to its usage. While Redis is unavailable nothing is reserved here (the pacer's local
 * fallback paces requests and tokens at its share). Thread-safe.
 */
final class SharedTokenBudget {

    private final String redisKey;
    private final RedisLink link;
    private final TokenScript script;
    private final PacerConfig config;
    private final long windowMicros;
    private final ReentrantLock turn = new ReentrantLock(true);
    private volatile long perWindow;
    private volatile long daySpentUntilNanos = Long.MIN_VALUE;
    private volatile String daySpentWhy = "";

    SharedTokenBudget(String redisKey, RedisLink link, TokenScript script, PacerConfig config) {
        this.redisKey = Objects.requireNonNull(redisKey, "redisKey");
        this.link = Objects.requireNonNull(link, "link");
        this.script = Objects.requireNonNull(script, "script");
        this.config = Objects.requireNonNull(config, "config");
        // counted for the window plus the margin, as the local TokenBudget does: a limiter times arrivals on
        // its own clock, a little after the Redis clock read them
        long window = config.tokenWindow().toNanos();
        this.windowMicros = (window + WindowRules.margin(window)) / 1000;
    }

    /** Adopts the tier's tokens per minute, scaled to the window; an empty one is not enforced. */
    void adopt(OptionalLong tokensPerMinute) {
        perWindow = tokensPerMinute.isPresent() ? Math.max(1, scaled(tokensPerMinute.getAsLong())) : 0;
    }

    /** The per-window budget (0 when none). */
    long perWindow() {
        return perWindow;
    }

    /**
     * Waits until {@code tokens} fit in the key's window, shared by every process, and reserves them.
     *
     * @return the reservation's number; 0 when nothing was reserved (no budget, no tokens, Redis unavailable)
     * @throws TokenBudgetExceededException more tokens than the whole window's budget
     * @throws DailyQuotaExhaustedException the day's quota is spent, as a server told this or another process
     * @throws InterruptedException         if interrupted while waiting; nothing reserved
     */
    long reserve(long tokens) throws InterruptedException {
        if (perWindow <= 0 || tokens <= 0) {
            // nothing to wait for: one round trip learns whether another process found the day spent
            return tryReserve(tokens).number();
        }
        turn.lockInterruptibly();
        try {
            for (ReserveTry attempt = tryReserve(tokens); ; attempt = tryReserve(tokens)) {
                if (attempt.reserved()) {
                    return attempt.number();
                }
                config.sleeper().sleep(attempt.delay());
            }
        } finally {
            turn.unlock();
        }
    }

    /**
     * One try of {@link #reserve}: one script round trip, no wait.
     *
     * @throws TokenBudgetExceededException more tokens than the whole window's budget
     * @throws DailyQuotaExhaustedException the day's quota is spent
     */
    ReserveTry tryReserve(long tokens) throws InterruptedException {
        stopIfDaySpent();
        long budget = perWindow;
        if (tokens > budget && budget > 0) {
            throw new TokenBudgetExceededException(tokens, budget);
        }
        TokenScript.Budget shared = new TokenScript.Budget(redisKey, budget, windowMicros);
        TokenScript.Reply reply = call(redis -> script.reserve(redis, shared, tokens));
        stopIfDaySpent(reply);
        if (budget <= 0 || tokens <= 0 || reply == null) {
            return new ReserveTry(0, null);
        }
        if (reply.reserved()) {
            return new ReserveTry(reply.number(), null);
        }
        Duration wait = Duration.ofNanos(reply.waitMicros() * 1000);
        return new ReserveTry(0, wait.compareTo(config.recheckInterval()) < 0 ? wait : config.recheckInterval());
    }

    /**
     * What one try to reserve gave: the reservation's number (0 when nothing was reserved, as {@link #reserve}), or
     * the wait before trying again while the tokens do not fit.
     */
    record ReserveTry(long number, Duration delay) {
        boolean reserved() {
            return delay == null;
        }
    }

    private void stopIfDaySpent() {
        long now = config.timeSource().nanoTime();
        if (now < daySpentUntilNanos) {
            throw new DailyQuotaExhaustedException(daySpentWhy, Duration.ofNanos(daySpentUntilNanos - now));
        }
    }

    /** A spent day another process stored in Redis is remembered here until its reset, and stops this start. */
    private void stopIfDaySpent(TokenScript.Reply reply) {
        if (reply != null && reply.daySpent()) {
            learnDaySpent(Duration.ofNanos(reply.waitMicros() * 1000), reply.why());
            stopIfDaySpent();
        }
    }

    /** Settles reservation {@code number} to the tokens its usage reported. */
    void settle(long number, long used) {
        if (number > 0) {
            quietly(redis -> script.settle(redis, budget(), number, used));
        }
    }

    /** Reservation {@code number}'s request goes on the wire now: every process counts it from now. */
    void sent(long number) {
        if (number > 0) {
            quietly(redis -> script.sent(redis, budget(), number));
        }
    }

    /**
     * Learns from a response: a quota announced when none is known is adopted; remaining tokens the server
     * counts beyond the shared log are counted as spent until its reset; a spent day stops every start here.
     */
    void observe(RateLimitSignals signals) {
        if (DailyQuotaExhaustedException.announcedBy(signals)) {
            Duration reset = signals.preferredHint().map(hint -> hint.delay()).orElse(Duration.ofDays(1));
            daySpent(reset, signals.classification().reason());
        }
        if (perWindow <= 0 && signals.tokenQuota().isPresent()) {
            var quota = signals.tokenQuota().get();
            adopt(OptionalLong.of(
                    Math.round(quota.limit() * 60e9 / quota.window().toNanos())));
        }
        if (perWindow <= 0 || signals.remainingTokens().isEmpty()) {
            return;
        }
        long remaining = signals.remainingTokens().getAsLong();
        long resetMicros =
                signals.resetTokens().map(reset -> reset.toNanos() / 1000).orElse(0L);
        quietly(redis -> script.observe(redis, budget(), remaining, resetMicros));
    }

    /**
     * The day's quota is spent: every reservation fails until {@code resetIn} from now, in every process
     * sharing the key (the reset is stored in Redis, on its clock, and expires there with it).
     */
    void daySpent(Duration resetIn, String why) {
        learnDaySpent(resetIn, why);
        long resetMicros = Math.max(1, resetIn.toNanos() / 1000);
        quietly(redis -> script.daySpent(redis, budget(), resetMicros, why));
    }

    private void learnDaySpent(Duration resetIn, String why) {
        daySpentWhy = why;
        daySpentUntilNanos = Math.max(daySpentUntilNanos, config.timeSource().nanoTime() + resetIn.toNanos());
    }

    private TokenScript.Budget budget() {
        return new TokenScript.Budget(redisKey, perWindow, windowMicros);
    }

    private long scaled(long perMinute) {
        return Math.round(perMinute * (config.tokenWindow().toNanos() / 60e9));
    }

    /** The script's reply, or null while Redis is unavailable (then the failure mode applies to requests). */
    private TokenScript.Reply call(
            Function<io.lettuce.core.api.sync.RedisCommands<String, String>, TokenScript.Reply> op)
            throws InterruptedException {
        if (!link.shouldTry()) {
            return null;
        }
        try {
            return link.call(op);
        } catch (RedisDownException down) {
            return null; // reported by the link
        }
    }

    private void quietly(Function<io.lettuce.core.api.sync.RedisCommands<String, String>, TokenScript.Reply> op) {
        try {
            call(op);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
