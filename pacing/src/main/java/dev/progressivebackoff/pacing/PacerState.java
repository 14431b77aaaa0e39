package dev.progressivebackoff.pacing;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A pacer's state at one moment, for reports and tests.
 *
 * @param pacing            false for {@link Pacer#none()}, which ignores everything
 * @param requestsPerMinute the rate starts are spaced at (0 when not pacing)
 * @param maxConcurrency    the cap on requests in flight, when there is one
 * @param burst             how many requests may start back to back (0 when not pacing)
 * @param inFlight          permits granted and not yet closed
 * @param waiting           callers queued in {@link Pacer#acquire()}
 * @param heldFor           how much longer a cool-down or a spent window holds every start
 * @param slowdown          how much 429s have stretched the spacing (1 = the adopted rate); it shrinks back
 *                          with each success observed
 */
public record PacerState(
        boolean pacing,
        int requestsPerMinute,
        OptionalInt maxConcurrency,
        int burst,
        int inFlight,
        int waiting,
        Duration heldFor,
        double slowdown) {

    /** The state of a pacer that does not pace. */
    public static final PacerState UNPACED = new PacerState(false, 0, OptionalInt.empty(), 0, 0, 0, Duration.ZERO, 1.0);

    public PacerState {
        Objects.requireNonNull(maxConcurrency, "maxConcurrency");
        Objects.requireNonNull(heldFor, "heldFor");
        if (requestsPerMinute < 0 || burst < 0 || inFlight < 0 || waiting < 0 || heldFor.isNegative()) {
            throw new IllegalArgumentException("pacer state values must not be negative");
        }
        if (!(slowdown >= 1.0)) {
            throw new IllegalArgumentException("slowdown must be at least 1: " + slowdown);
        }
        if (pacing && (requestsPerMinute == 0 || burst == 0)) {
            throw new IllegalArgumentException("a pacing pacer needs a positive rate and burst");
        }
    }
}
