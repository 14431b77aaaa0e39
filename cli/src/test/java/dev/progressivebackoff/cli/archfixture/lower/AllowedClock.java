package dev.progressivebackoff.cli.archfixture.lower;

import java.time.Instant;

/** Stands for SystemTimeSource: the one class allowed to read the system clock. */
public final class AllowedClock {

    /** The real time. */
    public Instant now() {
        return Instant.now();
    }
}
