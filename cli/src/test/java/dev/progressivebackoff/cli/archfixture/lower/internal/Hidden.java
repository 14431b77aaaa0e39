package dev.progressivebackoff.cli.archfixture.lower.internal;

/** An implementation detail of the lower module. */
public final class Hidden {

    /** Something only the lower module may call. */
    public int secret() {
        return 42;
    }
}
