package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A hold on every start because a server said its window is spent ({@code remaining} 0 until its
 * {@code reset}), as a pacer keeps it: for reports and logs, and to refuse a start rather than sleep through a
 * hold longer than the pacer's maximum.
 *
 * @param until   when starts resume (the announced reset, not cut to the maximum)
 * @param heldFor how long from now
 * @param reason  what is spent, e.g. {@code the request window is spent (remaining 0)}
 * @param source  the header family that announced the reset
 */
public record WindowHold(Instant until, Duration heldFor, String reason, WaitSource source) {

    /** The {@link #reason} of a hold because the request window is spent. */
    public static final String REQUESTS_SPENT = "the request window is spent (remaining 0)";

    /** The {@link #reason} of a hold because the token window is spent. */
    public static final String TOKENS_SPENT = "the token window is spent (remaining 0)";

    public WindowHold {
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(heldFor, "heldFor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
    }

    /** True when the hold lasts longer than {@code maximum}: nothing should wait for it. */
    public boolean exceeds(Duration maximum) {
        return heldFor.compareTo(maximum) > 0;
    }

    /** The failure of a start refused because this hold lasts longer than {@code maximum}; nothing was sent. */
    public RateLimitedUntilException refusal(Duration maximum) {
        return new RateLimitedUntilException(
                "rate limited until " + until + " (" + reason + ": " + source.wireName() + " resets in "
                        + Seconds.format(heldFor) + ", more than the maximum server wait of "
                        + Seconds.format(maximum) + ")",
                until,
                heldFor,
                maximum,
                source,
                List.of());
    }
}
