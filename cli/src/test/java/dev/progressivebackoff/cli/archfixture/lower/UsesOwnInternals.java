package dev.progressivebackoff.cli.archfixture.lower;

import dev.progressivebackoff.cli.archfixture.lower.internal.Hidden;

/** Allowed: a module using its own internals. */
public final class UsesOwnInternals {

    /** Uses the lower module's internal class. */
    public int fine() {
        return new Hidden().secret();
    }
}
