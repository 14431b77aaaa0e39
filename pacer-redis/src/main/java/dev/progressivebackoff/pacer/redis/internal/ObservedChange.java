package dev.progressivebackoff.pacer.redis.internal;

import java.util.Objects;

/**
 * What one observed response tells the shared state, in one script call; the script applies the local
 * pacer's rules to it (see {@code pacer.lua}). Times in microseconds.
 *
 * @param recover         true if a success takes back some of the 429 slow-down
 * @param remaining       requests the window still admits; -1 when not announced
 * @param resetMicros     time until the request window resets, cut to the longest hold; -1 when not announced
 * @param nearlySpent     true if at most a tenth of the announced quota is left, or no quota was announced
 * @param sequence        the number of the grant the response answers; 0 when unknown (a permit of another
 *                        pacer, a local one, or none)
 * @param windowEndMicros the window's end (Redis time) when the response names its first request: one window
 *                        length and a margin after that request was sent; 0 when it does not
 * @param maxHoldMicros   the longest hold a window's end may impose
 * @param tokenHoldMicros a hold until the token window resets; 0 for none
 * @param uncutResetMicros      {@code resetMicros} as announced, not cut to the longest hold (a spent window
 *                              further away is refused, not waited for); -1 when not announced
 * @param resetSource           the {@link dev.progressivebackoff.core.signals.WaitSource} name of the header
 *                              that announced the request window's reset
 * @param uncutTokenResetMicros the token window's reset as announced when its tokens are spent; 0 for none
 * @param tokenResetSource      the {@link dev.progressivebackoff.core.signals.WaitSource} name of the header
 *                              that announced the token window's reset
 */
public record ObservedChange(
        boolean recover,
        long remaining,
        long resetMicros,
        boolean nearlySpent,
        long sequence,
        long windowEndMicros,
        long maxHoldMicros,
        long tokenHoldMicros,
        long uncutResetMicros,
        String resetSource,
        long uncutTokenResetMicros,
        String tokenResetSource) {

    public ObservedChange {
        Objects.requireNonNull(resetSource, "resetSource");
        Objects.requireNonNull(tokenResetSource, "tokenResetSource");
        if (remaining < -1
                || resetMicros < -1
                || uncutResetMicros < -1
                || uncutTokenResetMicros < 0
                || sequence < 0
                || windowEndMicros < 0
                || maxHoldMicros < 0
                || tokenHoldMicros < 0) {
            throw new IllegalArgumentException("observed changes must not be negative");
        }
    }

    /** True if the change leaves the shared state as it is. */
    public boolean isEmpty() {
        return !recover && remaining < 0 && tokenHoldMicros == 0;
    }
}
