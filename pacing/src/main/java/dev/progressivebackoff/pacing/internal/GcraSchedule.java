package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.pacing.SendJitter;
import dev.progressivebackoff.pacing.SlowdownRules;
import dev.progressivebackoff.pacing.WindowRules;

/**
 * The start-time arithmetic of a GCRA (generic cell rate algorithm) pacer, plus holds, a temporary
 * slow-down and a learnt ceiling. Times are {@code TimeSource.nanoTime()} readings, compared by difference
 * (wrap-safe). Not thread-safe: its owner guards it.
 *
 * <p>With emission interval {@code T} (60 s / RPM, rounded up, plus {@linkplain WindowRules#margin a small
 * margin}) and burst {@code b}, a start is allowed at {@code max(now, tat − (b − 1)·T, holdUntil)}; each
 * start moves the theoretical arrival time {@code tat} to {@code max(tat, now) + T}. So {@code b} requests
 * may start back to back, then one every {@code T}.
 *
 * <p>A 429 met while pacing means the server allows less than the pace (or its clock disagrees with ours):
 * the spacing grows at once and the pace that failed is remembered as a floor the slow-down never falls
 * below again; successes take the slow-down back to that floor and probe the floor slowly down, never back
 * to the pace that failed. The arithmetic and its constants are {@link SlowdownRules}, shared with the
 * Redis pacer.
 */
public final class GcraSchedule {

    /** The largest burst accepted. */
    public static final int MAX_BURST = 1_000_000;

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final int burst;
    private final boolean margin;
    private long interval;
    private long unpadded;
    private final SendJitter jitter = new SendJitter();
    private long tat;
    private long holdUntil;
    private long stretchedInterval;
    private long stretchUntil;
    private double slowdown = 1.0;
    private double floor = 1.0;
    private double failedAt;

    /** A schedule at {@code requestsPerMinute} with {@code burst} starts allowed back to back, idle at {@code now}. */
    public GcraSchedule(int requestsPerMinute, int burst, long now) {
        this(requestsPerMinute, burst, true, now);
    }

    /**
     * A schedule at {@code requestsPerMinute} with {@code burst} starts allowed back to back, idle at
     * {@code now}; {@code margin} false spaces starts at exactly 60 s / RPM.
     */
    public GcraSchedule(int requestsPerMinute, int burst, boolean margin, long now) {
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX_BURST + ": " + burst);
        }
        this.burst = burst;
        this.margin = margin;
        this.unpadded = intervalFor(requestsPerMinute);
        this.interval = padded(unpadded);
        this.tat = now;
        this.holdUntil = now;
        this.stretchUntil = now;
    }

    /** 60 s / {@code requestsPerMinute} in nanoseconds, rounded up so the quota is never exceeded. */
    public static long intervalFor(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
        return (NANOS_PER_MINUTE + requestsPerMinute - 1) / requestsPerMinute;
    }

    private long padded(long exact) {
        return margin ? exact + jitter.margin(exact) : exact;
    }

    /** A request went on the wire {@code sendDelay} nanoseconds after its grant: see {@link SendJitter}. */
    public void sendDelay(long sendDelay) {
        jitter.record(sendDelay);
        long repadded = padded(unpadded);
        if (repadded != interval) {
            interval = repadded;
        }
    }

    /** The earliest instant a start may happen, never before {@code now}. */
    public long earliestStart(long now) {
        return later(later(now, tat - tolerance(now)), holdUntil);
    }

    /** The earliest instant a start may happen when only holds count (a window's count allows it). */
    public long earliestUnspacedStart(long now) {
        return later(now, holdUntil);
    }

    /** Records a start at {@code now} (which must not be before {@link #earliestStart}). */
    public void commit(long now) {
        tat = later(tat, now) + effectiveInterval(now);
    }

    /**
     * Records a start at {@code now} that a window's announced count allowed: it does not queue the next
     * paced start behind it by more than one interval, so a burst leaves no debt once the count is spent.
     */
    public void commitCounted(long now) {
        tat = later(tat, now + effectiveInterval(now));
    }

    /**
     * The request started at a grant went on the wire only at {@code sentAt}: the next start counts one
     * interval from there (no burst after a late start).
     */
    public void sentAt(long sentAt) {
        tat = later(tat, sentAt + effectiveInterval(sentAt));
    }

    /**
     * Switches to {@code requestsPerMinute}; the time already owed is rescaled to the new interval, and what
     * 429s taught about the old rate is forgotten.
     */
    public void changeRate(int requestsPerMinute, long now) {
        long exact = intervalFor(requestsPerMinute);
        long newInterval = padded(exact);
        if (newInterval == interval) {
            return;
        }
        unpadded = exact;
        long owed = tat - now;
        if (owed > 0) {
            tat = now + (long) (owed * ((double) newInterval / interval));
        }
        interval = newInterval;
        slowdown = 1.0;
        floor = 1.0;
        failedAt = 0;
    }

    /** No start before {@code until} (a later hold in force is kept); the first start after it has no burst. */
    public void holdUntil(long until, long now) {
        holdUntil = later(holdUntil, until);
        stretchUntil = now;
        long overHold = tat - holdUntil;
        if (overHold > 0 && overHold <= marginOf(interval)) {
            // A hold keeps the next start away already: the margin is for starts that follow each other at
            // the quota, not for a retry at the end of the wait a 429 asked for (the documented schedule).
            tat = holdUntil;
        }
        tat = later(tat, holdUntil + tolerance(now));
    }

    private long marginOf(long paddedInterval) {
        return margin ? paddedInterval - unpadded : 0;
    }

    /** Spaces starts at least {@code spacing} apart, without burst, until {@code until}; the next one too. */
    public void stretch(long spacing, long until, long now) {
        stretchedInterval = spacing;
        stretchUntil = until;
        tat = later(tat, now + spacing);
    }

    /** Ends a slow-down set by {@link #stretch}. */
    public void endStretch(long now) {
        stretchUntil = now;
    }

    /**
     * A 429 arrived although starts were paced: the pace that met it becomes too fast for good
     * ({@link SlowdownRules#floorAfter429}) and the spacing grows at once ({@link SlowdownRules#slowdownAfter429}).
     */
    public void penalise() {
        failedAt = SlowdownRules.failedAfter429(failedAt, slowdown);
        floor = SlowdownRules.floorAfter429(floor, slowdown);
        slowdown = SlowdownRules.slowdownAfter429(slowdown, floor);
    }

    /**
     * A request succeeded: the spacing comes back toward the floor, and the floor toward the pace that failed
     * ({@link SlowdownRules#slowdownAfterSuccess}, {@link SlowdownRules#floorAfterSuccess}).
     */
    public void recover() {
        floor = SlowdownRules.floorAfterSuccess(floor, failedAt);
        slowdown = SlowdownRules.slowdownAfterSuccess(slowdown, floor);
    }

    /** The factor the adopted interval is stretched by after 429s; 1 when none. */
    public double slowdown() {
        return slowdown;
    }

    /** The lowest slow-down 429s have left in force: 1 when none met the pacer. */
    public double floor() {
        return floor;
    }

    /** True while a success would still change the slow-down or the floor. */
    public boolean recovering() {
        return SlowdownRules.recovering(slowdown, floor, failedAt);
    }

    /** The emission interval at the adopted rate, margin included, in nanoseconds. */
    public long interval() {
        return interval;
    }

    /** Nanoseconds until a hold ends; 0 when none is in force. */
    public long heldFor(long now) {
        return Math.max(0, holdUntil - now);
    }

    private boolean stretched(long now) {
        return stretchUntil - now > 0;
    }

    private long effectiveInterval(long now) {
        long paced = slowedInterval();
        return stretched(now) ? Math.max(paced, stretchedInterval) : paced;
    }

    private long tolerance(long now) {
        return stretched(now) ? 0 : (burst - 1) * slowedInterval();
    }

    private long slowedInterval() {
        return slowdown == 1.0 ? interval : (long) Math.ceil(interval * slowdown);
    }

    private static long later(long a, long b) {
        return a - b >= 0 ? a : b;
    }
}
