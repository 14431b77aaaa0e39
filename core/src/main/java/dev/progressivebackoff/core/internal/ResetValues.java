package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.support.GoDurations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A reset header's value, which providers send as a Go duration ({@code 6m0s}), delay-seconds ({@code 20},
 * {@code 11.38}) or a Unix timestamp in seconds or milliseconds. A plain number is told apart by plausibility:
 * below 10^9 (31 years) it is delay-seconds; from 10^9 it is epoch seconds, from 10^12 epoch milliseconds,
 * measured from the response's {@code Date} (or now). An epoch more than a day before that reference or more
 * than {@link #LATEST_EPOCH_AHEAD} after it is not a plausible reset and is ignored, so a value read in the wrong
 * unit never becomes a wait "until 2083".
 */
public final class ResetValues {

    /** The furthest ahead an epoch reset may lie: a little more than a year covers monthly and yearly windows. */
    public static final Duration LATEST_EPOCH_AHEAD = Duration.ofDays(400);

    private static final Duration EARLIEST_EPOCH_BEHIND = Duration.ofDays(1);
    private static final BigDecimal EPOCH_SECONDS_FROM = new BigDecimal("1e9");
    private static final BigDecimal EPOCH_MILLIS_FROM = new BigDecimal("1e12");

    private ResetValues() {}

    /** {@code value} as a wait from {@code measuredAt}; empty when malformed or implausible. */
    public static Optional<Duration> parse(String value, Instant measuredAt) {
        Optional<Duration> go = GoDurations.parse(value);
        if (go.isPresent()) {
            return go;
        }
        return Decimals.parse(value).flatMap(number -> {
            if (number.compareTo(EPOCH_SECONDS_FROM) < 0) {
                return Optional.of(Decimals.toDuration(number));
            }
            BigDecimal epochSeconds = number.compareTo(EPOCH_MILLIS_FROM) < 0 ? number : number.movePointLeft(3);
            return plausibleEpoch(epochSeconds, measuredAt)
                    ? Optional.of(Waits.untilEpochSeconds(epochSeconds, measuredAt))
                    : Optional.empty();
        });
    }

    private static boolean plausibleEpoch(BigDecimal epochSeconds, Instant measuredAt) {
        BigDecimal reference = BigDecimal.valueOf(measuredAt.getEpochSecond());
        BigDecimal earliest = reference.subtract(BigDecimal.valueOf(EARLIEST_EPOCH_BEHIND.getSeconds()));
        BigDecimal latest = reference.add(BigDecimal.valueOf(LATEST_EPOCH_AHEAD.getSeconds()));
        return epochSeconds.compareTo(earliest) >= 0 && epochSeconds.compareTo(latest) <= 0;
    }
}
