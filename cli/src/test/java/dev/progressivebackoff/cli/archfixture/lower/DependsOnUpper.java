package dev.progressivebackoff.cli.archfixture.lower;

import dev.progressivebackoff.cli.archfixture.upper.UsesLowerInternals;

/** Breaks the dependency direction: a lower module using a higher one. */
public final class DependsOnUpper {

    /** The forbidden dependency. */
    public String upward() {
        return new UsesLowerInternals().toString();
    }
}
