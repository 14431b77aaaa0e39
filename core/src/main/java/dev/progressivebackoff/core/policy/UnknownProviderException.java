package dev.progressivebackoff.core.policy;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.List;

/** Thrown when a policy or detector is selected by a name nobody provides. */
public final class UnknownProviderException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final String requested;
    private final List<String> known;

    public UnknownProviderException(String kind, String requested, List<String> known) {
        super("unknown " + kind + " '" + requested + "'; known: "
                + (known.isEmpty() ? "(none)" : String.join(", ", known)));
        this.requested = requested;
        this.known = List.copyOf(known);
    }

    /** The name asked for. */
    public String requested() {
        return requested;
    }

    /** The names that are available. */
    public List<String> known() {
        return known;
    }
}
