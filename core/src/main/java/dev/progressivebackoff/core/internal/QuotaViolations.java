package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ErrorBody;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * Google's {@code google.rpc.QuotaFailure} violations (Gemini API, Vertex AI). Their quota id names the window
 * ({@code GenerateRequestsPerMinutePerProjectPerModel}, {@code ...PerDay...}), which the message does not: it says
 * "You exceeded your current quota, please check your plan and billing details" for a per-minute limit too. A
 * per-minute (or per-second) violation is an ordinary rate limit; a per-day one lasts until the daily reset,
 * which Google documents as midnight Pacific time.
 */
public final class QuotaViolations {

    /** Where Google's daily quotas reset at midnight. */
    public static final ZoneId DAILY_RESET_ZONE = ZoneId.of("America/Los_Angeles");

    private QuotaViolations() {}

    /** True if the body names quota violations at all. */
    public static boolean any(ErrorBody body) {
        return !body.quotaIds().isEmpty();
    }

    /** The first violated quota id with a daily window, if any. */
    public static Optional<String> daily(ErrorBody body) {
        return body.quotaIds().stream()
                .filter(id -> id.toLowerCase(Locale.ROOT).contains("perday"))
                .findFirst();
    }

    /** The next daily reset after {@code at}: the next midnight in {@link #DAILY_RESET_ZONE}. */
    public static Instant nextDailyReset(Instant at) {
        LocalDate today = at.atZone(DAILY_RESET_ZONE).toLocalDate();
        return ZonedDateTime.of(today.plusDays(1).atStartOfDay(), DAILY_RESET_ZONE)
                .toInstant();
    }
}
