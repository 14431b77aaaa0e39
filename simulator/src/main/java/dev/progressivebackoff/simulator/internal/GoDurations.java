package dev.progressivebackoff.simulator.internal;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Formats durations the way Go's {@code time.Duration.String()} does, as OpenAI-compatible servers send
 * them in {@code x-ratelimit-reset-*}: {@code 0s}, {@code 300ms}, {@code 20s}, {@code 1.5s},
 * {@code 1m0s}, {@code 1h2m3.5s}. Rounded up to the millisecond, so a client never retries too early.
 */
public final class GoDurations {

    private GoDurations() {
    }

    /** {@code duration} in Go's notation, rounded up to whole milliseconds. */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "0s";
        }
        long millis = duration.toMillis() + (duration.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString() + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }
}
