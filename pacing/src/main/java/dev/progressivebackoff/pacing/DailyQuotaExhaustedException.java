package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The key's per-day quota is spent (announced by the server, or predicted by the token budget): nothing more
 * should be sent before it resets, because every request until then is refused. Thrown by
 * {@link Pacer#acquire(long)} without sending anything.
 */
public final class DailyQuotaExhaustedException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final Duration resetIn;

    /**
     * The quota is spent.
     *
     * @param why     what showed it (the server's message, or the budget's prediction)
     * @param resetIn how long until the quota resets, measured when thrown
     */
    public DailyQuotaExhaustedException(String why, Duration resetIn) {
        super("the daily quota is spent (" + why + "); it resets in about " + resetIn.toSeconds() + " s");
        this.resetIn = Objects.requireNonNull(resetIn, "resetIn");
    }

    /** How long until the quota resets, measured when this was thrown. */
    public Duration resetIn() {
        return resetIn;
    }

    /**
     * True when a response says a per-day quota is spent: a refusal the classification names a daily cap
     * ({@code tokens per day}, {@code TPD}, {@code RPD}, a {@code daily} error code).
     */
    public static boolean announcedBy(RateLimitSignals signals) {
        return signals.status() == 429
                && signals.classification().reason().toLowerCase(Locale.ROOT).startsWith("daily cap");
    }
}
