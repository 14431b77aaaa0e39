package dev.progressivebackoff.pacing;

/**
 * How 429s slow a pacer down and successes bring it back, shared by every {@link Pacer} implementation (the
 * local one and the Redis one) so that they learn alike. A slow-down is the factor the adopted spacing is
 * stretched by (1 = the adopted rate); it never falls below a floor, and the slow-down that met a 429 (the
 * pace that failed, 0 before any) is remembered.
 *
 * <p>A 429 met while pacing means the server allows less than the pace (or its clock disagrees): the
 * spacing grows by {@link #PENALTY_FACTOR} at once, up to {@link #MAX_SLOWDOWN}, and the floor rises to
 * {@link #LEARNT_MARGIN} above the pace that failed. Each success takes back {@link #RECOVERY_STEP} of the
 * slow-down, down to the floor, and probes the floor down by {@link #PROBE_STEP}, never to less than
 * {@link #KEPT_MARGIN} above the pace that failed: the pacer does not return to a rate that just failed.
 */
public final class SlowdownRules {

    /** How much a 429 stretches the spacing at once. */
    public static final double PENALTY_FACTOR = 1.25;

    /** How much of the slow-down each success takes back, down to the floor. */
    public static final double RECOVERY_STEP = 1.0 / 16;

    /** The largest slow-down 429s can build up. */
    public static final double MAX_SLOWDOWN = 8.0;

    /** Right after a 429, the floor lies this far above the slow-down that met it. */
    public static final double LEARNT_MARGIN = 0.03;

    /** The floor is never probed closer than this to the slow-down that met a 429. */
    public static final double KEPT_MARGIN = 0.005;

    /** How much each success probes the floor back down. */
    public static final double PROBE_STEP = 1.0 / 4096;

    private SlowdownRules() {}

    /** The pace that failed, once a 429 met {@code slowdown}: the slowest that ever failed. */
    public static double failedAfter429(double failedAt, double slowdown) {
        return Math.max(failedAt, slowdown);
    }

    /** The floor once a 429 met {@code slowdown}: {@link #LEARNT_MARGIN} above it, never lower than before. */
    public static double floorAfter429(double floor, double slowdown) {
        return Math.min(MAX_SLOWDOWN, Math.max(floor, slowdown * (1 + LEARNT_MARGIN)));
    }

    /** The slow-down once a 429 met {@code slowdown}, {@code floor} being the floor {@link #floorAfter429} set. */
    public static double slowdownAfter429(double slowdown, double floor) {
        return Math.min(MAX_SLOWDOWN, Math.max(floor, slowdown * PENALTY_FACTOR));
    }

    /** The floor after a success: probed down by {@link #PROBE_STEP}, to {@link #lowestFloor} at most. */
    public static double floorAfterSuccess(double floor, double failedAt) {
        return failedAt > 0 ? Math.max(lowestFloor(failedAt), floor - PROBE_STEP) : floor;
    }

    /** The slow-down after a success: {@link #RECOVERY_STEP} less, never below {@code floor}. */
    public static double slowdownAfterSuccess(double slowdown, double floor) {
        return Math.max(floor, slowdown - RECOVERY_STEP);
    }

    /** The lowest the floor may be probed to: {@link #KEPT_MARGIN} above the pace that failed, at least 1. */
    public static double lowestFloor(double failedAt) {
        return Math.max(1.0, failedAt * (1 + KEPT_MARGIN));
    }

    /** True while a success would still change the slow-down or the floor. */
    public static boolean recovering(double slowdown, double floor, double failedAt) {
        return slowdown > floor || (failedAt > 0 && floor > lowestFloor(failedAt));
    }
}
