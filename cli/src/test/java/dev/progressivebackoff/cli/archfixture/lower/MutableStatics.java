package dev.progressivebackoff.cli.archfixture.lower;

import java.util.concurrent.atomic.AtomicLong;

/** Holds static mutable state two ways: a non-final field and a final mutable counter. */
public final class MutableStatics {

    static int calls;

    static final AtomicLong TOTAL = new AtomicLong();

    /** Counts. */
    public static long count() {
        calls++;
        return TOTAL.incrementAndGet();
    }
}
