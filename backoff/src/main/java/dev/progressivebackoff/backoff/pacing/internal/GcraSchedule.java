package dev.progressivebackoff.backoff.pacing.internal;

/**
 * The start-time arithmetic of a GCRA (generic cell rate algorithm) pacer, plus holds and a temporary
 * slow-down. Times are {@code TimeSource.nanoTime()} readings, compared by difference (wrap-safe). Not
 * thread-safe: its owner guards it.
 *
 * <p>With emission interval {@code T} (60 s / RPM, rounded up) and burst {@code b}, a start is allowed at
 * {@code max(now, tat − (b − 1)·T, holdUntil)}; each start moves the theoretical arrival time {@code tat}
 * to {@code max(tat, now) + T}. So {@code b} requests may start back to back, then one every {@code T}.
 */
public final class GcraSchedule {

    /** The largest burst accepted. */
    public static final int MAX_BURST = 1_000_000;

    /** How much each {@link #penalise()} stretches the spacing. */
    public static final double PENALTY_FACTOR = 1.25;

    /** How much of the slow-down each {@link #recover()} takes back. */
    public static final double RECOVERY_STEP = 1.0 / 16;

    /** The largest slow-down penalties can build up. */
    public static final double MAX_SLOWDOWN = 8.0;

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final int burst;
    private long interval;
    private long tat;
    private long holdUntil;
    private long stretchedInterval;
    private long stretchUntil;
    private double slowdown = 1.0;

    /** A schedule at {@code requestsPerMinute} with {@code burst} starts allowed back to back, idle at {@code now}. */
    public GcraSchedule(int requestsPerMinute, int burst, long now) {
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("burst must be between 1 and " + MAX_BURST + ": " + burst);
        }
        this.burst = burst;
        this.interval = intervalFor(requestsPerMinute);
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

    /** The earliest instant a start may happen, never before {@code now}. */
    public long earliestStart(long now) {
        return later(later(now, tat - tolerance(now)), holdUntil);
    }

    /** Records a start at {@code now} (which must not be before {@link #earliestStart}). */
    public void commit(long now) {
        tat = later(tat, now) + effectiveInterval(now);
    }

    /** Switches to {@code requestsPerMinute}; the time already owed is rescaled to the new interval. */
    public void changeRate(int requestsPerMinute, long now) {
        long newInterval = intervalFor(requestsPerMinute);
        if (newInterval == interval) {
            return;
        }
        long owed = tat - now;
        if (owed > 0) {
            tat = now + (long) (owed * ((double) newInterval / interval));
        }
        interval = newInterval;
    }

    /** No start before {@code until} (a later hold in force is kept); the first start after it has no burst. */
    public void holdUntil(long until, long now) {
        holdUntil = later(holdUntil, until);
        stretchUntil = now;
        tat = later(tat, holdUntil + tolerance(now));
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
     * A 429 arrived although starts were paced: the server allows less than the adopted rate (or others
     * share the key), so the spacing grows by {@link #PENALTY_FACTOR}, up to {@link #MAX_SLOWDOWN}.
     */
    public void penalise() {
        slowdown = Math.min(MAX_SLOWDOWN, slowdown * PENALTY_FACTOR);
    }

    /** A request succeeded: the spacing comes back toward the adopted rate by {@link #RECOVERY_STEP}. */
    public void recover() {
        slowdown = Math.max(1.0, slowdown - RECOVERY_STEP);
    }

    /** The factor the adopted interval is stretched by after 429s; 1 when none. */
    public double slowdown() {
        return slowdown;
    }

    /** The emission interval at the adopted rate, in nanoseconds. */
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
