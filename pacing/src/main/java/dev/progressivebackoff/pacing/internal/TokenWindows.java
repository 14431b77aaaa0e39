package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.pacing.WindowRules;
import java.time.Duration;
import java.util.Objects;

/**
 * The windows a pacer counts tokens over.
 *
 * @param window the window the per-minute quota is counted over (it admits TPM × window / 60 s tokens)
 * @param day    the window the per-day quota is counted over
 */
public record TokenWindows(Duration window, Duration day) {

    /** A minute and a day. */
    public static final TokenWindows DEFAULT = new TokenWindows(Duration.ofMinutes(1), Duration.ofDays(1));

    public TokenWindows {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(day, "day");
        if (window.isNegative() || window.isZero() || day.isNegative() || day.isZero()) {
            throw new IllegalArgumentException("token windows must be positive: " + window + ", " + day);
        }
    }

    /**
     * How long a start is counted: the window plus the {@linkplain WindowRules#margin margin}, as a limiter
     * times arrivals on its own clock.
     */
    public long countedNanos() {
        return window.toNanos() + WindowRules.margin(window.toNanos());
    }
}
