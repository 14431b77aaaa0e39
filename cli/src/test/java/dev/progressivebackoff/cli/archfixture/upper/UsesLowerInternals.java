package dev.progressivebackoff.cli.archfixture.upper;

import dev.progressivebackoff.cli.archfixture.lower.internal.Hidden;

/** Breaks encapsulation: a module using another module's internal class. */
public final class UsesLowerInternals {

    /** The forbidden use. */
    public int peek() {
        return new Hidden().secret();
    }
}
