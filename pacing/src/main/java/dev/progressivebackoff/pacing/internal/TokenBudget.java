package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.pacing.TokenBudgetExceededException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * The tokens one key may spend: at most the per-minute quota (scaled to the window) started in any sliding
 * window, and at most the per-day quota in any sliding day. Each start reserves its estimate and is settled to
 * what {@code usage} reports; a server's {@code remaining} tokens lower the budget until its reset when they
 * say less is left than counted here. A sliding log, exactly the rule a sliding-window limiter enforces, so a
 * start it admits is admitted there too; it also takes a whole window's budget at once when the window is
 * empty. Not thread-safe: the pacer calls it under its lock. Time is monotonic nanoseconds.
 */
public final class TokenBudget {

    private final long windowNanos;
    private final long nominalWindowNanos;
    private final long dayNanos;
    private long perWindow;
    private long perDay;
    private final ArrayDeque<Reservation> window = new ArrayDeque<>();
    private final ArrayDeque<Reservation> day = new ArrayDeque<>();
    private long inWindow;
    private long inDay;
    private long correction;
    private long correctionUntil;
    private long daySpentUntil = Long.MIN_VALUE;
    private String daySpentWhy = "";

    /**
     * A budget of {@code tokensPerMinute} per minute (scaled to the window) and {@code tokensPerDay} per day,
     * counted over {@code windows}; an empty quota is not enforced.
     */
    public TokenBudget(OptionalLong tokensPerMinute, OptionalLong tokensPerDay, TokenWindows windows) {
        this.windowNanos = windows.countedNanos();
        this.nominalWindowNanos = windows.window().toNanos();
        this.dayNanos = windows.day().toNanos();
        adopt(tokensPerMinute, tokensPerDay);
    }

    /** Adopts new quotas (a detected tier, a header); an empty one is not enforced. */
    public void adopt(OptionalLong tokensPerMinute, OptionalLong tokensPerDay) {
        this.perWindow = tokensPerMinute.isPresent() ? Math.max(1, scaled(tokensPerMinute.getAsLong())) : 0;
        this.perDay = tokensPerDay.orElse(0);
    }

    /** True when either quota is enforced. */
    public boolean enforced() {
        return perWindow > 0 || perDay > 0;
    }

    /** The per-window quota (0 when none). */
    public long perWindow() {
        return perWindow;
    }

    /**
     * Fails at once for a request no wait can admit: larger than the whole window, or past a spent day.
     *
     * @throws TokenBudgetExceededException a request larger than the whole per-window budget
     * @throws DailyQuotaExhaustedException the day's quota is spent or would be by this request
     */
    public void check(long now, long tokens) {
        if (perWindow > 0 && tokens > perWindow) {
            throw new TokenBudgetExceededException(tokens, perWindow);
        }
        if (now < daySpentUntil) {
            throw new DailyQuotaExhaustedException(daySpentWhy, Duration.ofNanos(daySpentUntil - now));
        }
        if (perDay > 0) {
            expire(day, now, dayNanos, true);
            if (inDay + tokens > perDay) {
                long resetAt = freedAt(day, inDay + tokens - perDay, dayNanos, now);
                throw new DailyQuotaExhaustedException(
                        "predicted: " + inDay + " of " + perDay + " tokens per day spent, the next request needs about "
                                + tokens,
                        Duration.ofNanos(Math.max(0, resetAt - now)));
            }
        }
    }

    /** The earliest time at or after {@code now} when {@code tokens} fit in the window. */
    public long earliest(long now, long tokens) {
        if (perWindow <= 0) {
            return now;
        }
        expire(window, now, windowNanos, false);
        long corrected = now < correctionUntil ? correction : 0;
        long excess = inWindow + corrected + tokens - perWindow;
        if (excess <= 0) {
            return now;
        }
        // the oldest reservations leave the window in order; the server's extra count leaves at its reset
        long freed = 0;
        for (Reservation next : window) {
            long leaves = next.at + windowNanos;
            if (corrected > 0 && correctionUntil <= leaves) {
                freed += corrected;
                corrected = 0;
                if (freed >= excess) {
                    return correctionUntil;
                }
            }
            freed += next.tokens;
            if (freed >= excess) {
                return leaves;
            }
        }
        return corrected > 0 && freed + corrected >= excess ? correctionUntil : now + windowNanos;
    }

    /** Records a start of {@code tokens} at {@code now}. */
    public Reservation reserve(long now, long tokens) {
        Reservation reservation = new Reservation(now, tokens);
        if (perWindow > 0) {
            window.addLast(reservation);
            inWindow += tokens;
            reservation.inWindow = true;
        }
        if (perDay > 0) {
            day.addLast(reservation);
            inDay += tokens;
            reservation.inDay = true;
        }
        return reservation;
    }

    /** Settles a reservation to the tokens {@code usage} reported. */
    public void settle(Reservation reservation, long used) {
        long delta = Math.max(0, used) - reservation.tokens;
        reservation.tokens += delta;
        if (reservation.inWindow) {
            inWindow += delta;
        }
        if (reservation.inDay) {
            inDay += delta;
        }
    }

    /**
     * Learns from a server's token figures: when it says fewer tokens {@code remaining} than counted here, the
     * difference is counted as spent until its {@code resetNanos}; a quota it announces is adopted when none
     * was configured.
     */
    public void observe(long now, OptionalLong limit, OptionalLong remaining, long resetNanos) {
        if (perWindow <= 0 && limit.isPresent()) {
            perWindow = Math.max(1, scaled(limit.getAsLong()));
        }
        if (perWindow <= 0 || remaining.isEmpty()) {
            return;
        }
        expire(window, now, windowNanos, false);
        long serverUsed = perWindow - remaining.getAsLong();
        long missing = serverUsed - inWindow;
        if (missing > 0) {
            correction = missing;
            correctionUntil = now + Math.max(0, Math.min(resetNanos, windowNanos));
        } else if (now < correctionUntil) {
            correction = 0;
        }
    }

    /** The day's quota is spent, as the server said: every check fails until {@code resetNanos} from now. */
    public void daySpent(long now, long resetNanos, String why) {
        daySpentUntil = Math.max(daySpentUntil, now + resetNanos);
        daySpentWhy = why;
    }

    /** The request of {@code reservation} went on the wire at {@code now}: the server counts it from then. */
    public void sent(Reservation reservation, long now) {
        reservation.at = Math.max(reservation.at, now);
    }

    /** Tokens counted in the current window at {@code now}. */
    public long usedInWindow(long now) {
        expire(window, now, windowNanos, false);
        return inWindow;
    }

    /** Tokens counted in the current day at {@code now}. */
    public long usedInDay(long now) {
        expire(day, now, dayNanos, true);
        return inDay;
    }

    private long scaled(long perMinute) {
        return Math.round(perMinute * (nominalWindowNanos / 60e9));
    }

    private void expire(ArrayDeque<Reservation> log, long now, long length, boolean isDay) {
        while (!log.isEmpty() && now - log.peekFirst().at >= length) {
            Reservation gone = log.pollFirst();
            if (isDay) {
                gone.inDay = false;
                inDay -= gone.tokens;
            } else {
                gone.inWindow = false;
                inWindow -= gone.tokens;
            }
        }
    }

    /** When enough of the oldest reservations have left the log to free {@code excess} tokens. */
    private static long freedAt(ArrayDeque<Reservation> log, long excess, long length, long now) {
        long freed = 0;
        Iterator<Reservation> oldest = log.iterator();
        while (oldest.hasNext()) {
            Reservation next = oldest.next();
            freed += next.tokens;
            if (freed >= excess) {
                return next.at + length;
            }
        }
        return now + length;
    }

    /** One start's tokens, settled once its usage is known. */
    public static final class Reservation {
        private long at;
        private long tokens;
        private boolean inWindow;
        private boolean inDay;

        Reservation(long at, long tokens) {
            this.at = at;
            this.tokens = tokens;
        }

        /** The tokens reserved now (the estimate, or the usage once settled). */
        public long tokens() {
            return tokens;
        }
    }
}
