package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.internal.GcraPacer;
import dev.progressivebackoff.pacing.internal.GcraSchedule;
import dev.progressivebackoff.pacing.internal.TokenWindows;
import dev.progressivebackoff.pacing.internal.UnpacedPacer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Paces the requests that share one rate-limit key: spaces their starts at the tier's rate, caps how many
 * are in flight at the tier's concurrency and, after a 429, holds every one of them until the cool-down
 * ends. Thread-safe and first come, first served. Each attempt of a request goes through it:
 *
 * <pre>{@code
 * try (Permit permit = pacer.acquire()) {   // waits for a start slot and a concurrency slot
 *     Response response = send(request);
 *     pacer.observe(signalsOf(response));   // learns from remaining/reset headers
 * }                                         // close before any backoff sleep
 * }</pre>
 *
 * <p>429 cool-downs reach it through {@link #coolDown} or, wired into the retry loop,
 * {@link #asRetryListener()}. Get one from {@link #builder()}, from a {@link PacerRegistry} (one per key,
 * shared) or, for the purely reactive documented behaviour, {@link #none()}.
 */
public interface Pacer {

    /** A pacer that never waits and ignores what it is told: the documented reactive behaviour. */
    static Pacer none() {
        return UnpacedPacer.INSTANCE;
    }

    /** A builder for a GCRA pacer; a tier (or RPM) is required. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Waits, in arrival order, until a request may start: a concurrency slot is free, the rate allows a
     * start and no cool-down holds. Returns at once, without allocating more than the permit, when nobody
     * is queued and both allow it.
     *
     * @return the permit; close it when the request ends
     * @throws InterruptedException if interrupted before or while waiting; nothing is then held, and the
     *                              interrupt flag is clear, as usual for methods that throw it
     */
    Permit acquire() throws InterruptedException;

    /**
     * As {@link #acquire()}, for a request estimated to use {@code estimatedTokens} tokens: it also waits until
     * the key's token budget (the tier's tokens per minute) holds them, and reserves them; settle the permit
     * with the tokens the response's {@code usage} reports ({@link Permit#settle(long)}). Requests and tokens
     * are paced together: the start comes when both allow it. The default ignores the tokens.
     *
     * @throws TokenBudgetExceededException the request needs more than the whole per-minute budget (it fails
     *                                      at once: no wait could admit it)
     * @throws DailyQuotaExhaustedException the per-day quota is spent, as a server said or as the budget
     *                                      predicts for this request: nothing should be sent before it resets
     * @throws InterruptedException         as for {@link #acquire()}
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException a server said its window is spent
     *                                      until a reset further away than the pacer's maximum hold: nothing
     *                                      is worth sending before it (see {@link #windowHold()})
     */
    default Permit acquire(long estimatedTokens) throws InterruptedException {
        return acquire();
    }

    /**
     * As {@link #acquire(long)} without blocking the caller: the future completes, on a thread of {@code scheduler},
     * with the permit once the start comes (or fails with what {@link #acquire(long)} would throw). The caller's
     * place in the queue is kept as a waiter, not a parked thread, and every wait is scheduled. Cancelling the future
     * gives its place up and frees what it reserved (a permit granted meanwhile is closed).
     *
     * <p>The default runs {@link #acquire(long)} on a thread of {@code scheduler}, which it blocks while waiting:
     * pacers that wait should override it, as the local and Redis pacers do.
     *
     * @param scheduler where the waits are scheduled and the future completed
     */
    default CompletableFuture<Permit> acquireAsync(long estimatedTokens, ScheduledExecutorService scheduler) {
        CompletableFuture<Permit> future = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (future.isDone()) {
                return;
            }
            try {
                Permit permit = acquire(estimatedTokens);
                if (!future.complete(permit)) {
                    permit.close();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                future.completeExceptionally(interrupted);
            } catch (RuntimeException refused) {
                future.completeExceptionally(refused);
            }
        });
        return future;
    }

    /**
     * The hold in force because a server said a window is spent ({@code remaining} 0 until its {@code reset}),
     * if any: when starts resume, measured without the cut to the maximum hold. While it lasts longer than that
     * maximum, {@link #acquire(long)} fails at once instead of waiting. Cool-downs after a 429 are not window
     * holds. The default knows of none.
     */
    default Optional<WindowHold> windowHold() {
        return Optional.empty();
    }

    /**
     * The key's per-day quota is spent (a server said so): every {@link #acquire(long)} fails with
     * {@link DailyQuotaExhaustedException} until {@code resetIn} from now. The default ignores it.
     *
     * @param why what said so, for the exception's message
     */
    default void dailyQuotaSpent(Duration resetIn, String why) {}

    /** Paces at {@code tier}'s rate and caps concurrency at its maximum (none if it has none). */
    void adoptTier(Tier tier);

    /** Paces at {@code requestsPerMinute}; the concurrency cap is kept. */
    void adoptRpm(int requestsPerMinute);

    /**
     * Learns from a response: when the window is nearly spent (at most a tenth of the announced quota left,
     * or no quota announced) and its {@code remaining} requests, plus the one its {@code reset} frees, cannot
     * last until that reset at the current rate, starts are spread over what is left of the window (the last
     * on the reset); when nothing remains (of
     * requests or tokens), every start is held until the matching reset; a success takes back some of the
     * slow-down left by earlier 429s. Call it for every response.
     */
    void observe(RateLimitSignals signals);

    /**
     * Learns from the response to the request {@code permit} was granted for: as {@link #observe(RateLimitSignals)},
     * and, knowing which request the figures were counted at, also spends what the window announces. A
     * {@code remaining} count says how many more requests the server admits now: that many start back to back
     * (less the older requests still in flight, which the count may not include yet), and once they are
     * spent every start is held until the window's reset. A 429 met while spending such a count stops the
     * pacer from trusting counts again. A response that names the first request of a window ({@code remaining}
     * one below the announced quota) also dates the window: it ends at most one window length after that
     * request was {@linkplain Permit#markSent() sent}, which bounds a reset announced in whole seconds.
     * The default ignores the permit.
     */
    default void observe(Permit permit, RateLimitSignals signals) {
        observe(signals);
    }

    /**
     * Holds every start on this key for {@code duration} from now (a longer hold in force is kept): call it
     * after any 429 with the wait the retry loop chose, so the workers do not stampede the server together.
     * The first start after the hold is not followed by a burst. As a 429 means the server allows less than
     * the pace, the spacing grows by a quarter at once (up to 8×) and the pace that met the 429 is
     * remembered: successes {@linkplain #observe observed} take the slow-down back by 1/16 each, but never
     * below 3 % above that pace, and probe that floor down only slowly (to 0.5 % above it), so the pacer does
     * not return straight to the rate that just failed.
     */
    void coolDown(Duration duration);

    /** The state now. */
    PacerState state();

    /**
     * A retry listener that feeds this pacer: each {@code RateLimited} event cools it down for the event's
     * delay, each {@code TierDetected} event makes it adopt the detected tier.
     */
    default RetryListener asRetryListener() {
        return PacingRetryListener.feeding(this);
    }

    /** Configures a GCRA {@link Pacer}; not thread-safe. Every method validates at once. */
    final class Builder {

        /** How often a waiting caller re-reads the schedule while sleeping toward its start: 1 s. */
        public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(1);

        /** The longest hold a header or cool-down can impose: 900 s, the retry loop's maximum server wait. */
        public static final Duration DEFAULT_MAX_HOLD = Duration.ofSeconds(900);

        private Tier tier;
        private int burst = 1;
        private boolean spacingMargin = true;
        private TimeSource timeSource = SystemTimeSource.INSTANCE;
        private Sleeper sleeper = SystemSleeper.INSTANCE;
        private Duration recheckInterval = DEFAULT_RECHECK_INTERVAL;
        private Duration maxHold = DEFAULT_MAX_HOLD;
        private TokenWindows tokenWindows = TokenWindows.DEFAULT;

        private Builder() {}

        /** The starting tier: its rate and concurrency cap. */
        public Builder withTier(Tier newTier) {
            this.tier = Objects.requireNonNull(newTier, "tier");
            return this;
        }

        /** A starting rate with no concurrency cap ({@code --rpm}). */
        public Builder withRpm(int requestsPerMinute) {
            this.tier = Tier.custom(requestsPerMinute);
            return this;
        }

        /** How many requests may start back to back before spacing applies; default 1 (no burst), at most 1,000,000. */
        public Builder withBurst(int newBurst) {
            if (newBurst < 1 || newBurst > GcraSchedule.MAX_BURST) {
                throw new IllegalArgumentException(
                        "burst must be between 1 and " + GcraSchedule.MAX_BURST + ": " + newBurst);
            }
            this.burst = newBurst;
            return this;
        }

        /**
         * Whether starts are spaced a {@linkplain WindowRules#margin small margin} wider than 60 s / RPM
         * (default true): a limiter that counts to the millisecond refuses a start that reaches it a
         * millisecond early. False spaces them at exactly the quota (for a server on the same clock).
         */
        public Builder withSpacingMargin(boolean margin) {
            this.spacingMargin = margin;
            return this;
        }

        /** Where time is read. */
        public Builder withTimeSource(TimeSource newTimeSource) {
            this.timeSource = Objects.requireNonNull(newTimeSource, "timeSource");
            return this;
        }

        /** How callers wait for their start. */
        public Builder withSleeper(Sleeper newSleeper) {
            this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
            return this;
        }

        /** The longest single sleep before the schedule is read again (a faster tier may be adopted meanwhile). */
        public Builder withRecheckInterval(Duration interval) {
            this.recheckInterval = positive(interval, "recheckInterval");
            return this;
        }

        /** The longest hold a {@code reset} header or a cool-down can impose; longer ones are cut to it. */
        public Builder withMaxHold(Duration max) {
            this.maxHold = positive(max, "maxHold");
            return this;
        }

        /**
         * The windows the tier's token quotas are counted over: the per-minute quota scaled to {@code window}
         * (default one minute; a limiter counting over a shorter window admits TPM × window / 60 s tokens in
         * it) and the per-day quota over {@code day} (default one day).
         */
        public Builder withTokenWindows(Duration window, Duration day) {
            this.tokenWindows = new TokenWindows(positive(window, "window"), positive(day, "day"));
            return this;
        }

        /** The pacer. */
        public Pacer build() {
            Objects.requireNonNull(tier, "a tier is required (withTier or withRpm)");
            return new GcraPacer(
                    tier, burst, spacingMargin, recheckInterval, maxHold, timeSource, sleeper, tokenWindows);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
