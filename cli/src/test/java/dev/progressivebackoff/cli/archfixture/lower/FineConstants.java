package dev.progressivebackoff.cli.archfixture.lower;

import java.time.Duration;
import java.util.List;

/** Allowed static state: constants, immutable collections and enum constants. */
public final class FineConstants {

    static final Duration MAX = Duration.ofSeconds(900);

    static final List<String> NAMES = List.of("free", "tier1");

    /** An enum: its constants are static final fields. */
    enum Kind {
        ONE,
        TWO
    }
}
