package dev.progressivebackoff.cli.internal;

import java.util.Objects;

/**
 * One line of {@code backoff verify}'s status table.
 *
 * @param component what was checked
 * @param passed    whether it behaved as documented
 * @param notes     what was measured: waits, totals, requests received, wall time
 */
public record VerifyRow(String component, boolean passed, String notes) {

    public VerifyRow {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(notes, "notes");
    }
}
