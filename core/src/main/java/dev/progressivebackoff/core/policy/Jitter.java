package dev.progressivebackoff.core.policy;

/**
 * Randomisation of computed waits. Off by default so the documented schedule holds exactly.
 * Jitter never applies to a server hint unless {@link PolicyOptions#spreadServerHints()} is set, and
 * then only upward: never earlier than the server asked.
 */
public enum Jitter {
    /** The computed wait, exactly. */
    NONE,
    /** Uniform in [0, computed]. */
    FULL,
    /** computed/2 + uniform in [0, computed/2]. */
    EQUAL,
    /** Uniform in [base, 3 × previous wait], capped (AWS "decorrelated jitter"). */
    DECORRELATED
}
