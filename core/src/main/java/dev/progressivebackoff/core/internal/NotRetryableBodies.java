package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ErrorBody;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error bodies that no wait can fix, checked in this order:
 * <ol>
 *   <li>billing or quota exhaustion: type or code {@code insufficient_quota},
 *       {@code exceeded_current_quota_error}, {@code billing_error}, {@code billing_hard_limit_reached},
 *       {@code billing_not_active}, {@code insufficient_balance}, any spend-limit code
 *       ({@code enforced_spend_limit_reached}, ...), or a message such as "exceeded your current quota",
 *       "insufficient balance", "credit balance is too low", "billing hard limit";</li>
 *   <li>a monthly or trial cap: "per month", "monthly", "calls / month", "this month", a trial that ended
 *       or expired (a per-minute trial limit is not matched);</li>
 *   <li>a request too large for the limit: type or code {@code request_too_large}, or
 *       "Request too large" in the message;</li>
 *   <li>a daily cap: "tokens per day", "requests per day", TPD or RPD in the message, or a type or
 *       code mentioning a daily limit.</li>
 * </ol>
 * A generic "quota exceeded" is deliberately not matched: per-minute quotas say that too. A body with Google
 * {@code QuotaFailure} violations is never matched by its message ({@link QuotaViolations} names the window).
 */
public final class NotRetryableBodies {

    private static final List<String> BILLING_CODES = List.of(
            "insufficient_quota",
            "exceeded_current_quota",
            "billing_error",
            "billing_hard_limit",
            "billing_not_active",
            "insufficient_balance",
            "spend_limit",
            "spending_limit",
            "credit_balance");
    private static final List<String> BILLING_MESSAGES = List.of(
            "exceeded your current quota",
            "insufficient balance",
            "insufficient_quota",
            "credit balance is too low",
            "billing hard limit",
            "spend limit",
            "spending limit");
    private static final Pattern MONTHLY = Pattern.compile(
            "per[ _]month|\\bmonthly\\b|/ ?month\\b|this month|trial (?:has )?(?:ended|expired)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAILY_MESSAGE =
            Pattern.compile("tokens per day|requests per day|\\bTPD\\b|\\bRPD\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DAILY_CODE = Pattern.compile("daily|per_day|\\btpd\\b|\\brpd\\b");

    private NotRetryableBodies() {}

    /** Why {@code body} cannot be helped by waiting, or empty when it can. */
    public static Optional<String> reason(ErrorBody body) {
        if (QuotaViolations.any(body)) {
            return Optional.empty();
        }
        String type = lower(body.type());
        String code = lower(body.code());
        String message = lower(body.message());
        for (String billing : BILLING_CODES) {
            if (type.contains(billing) || code.contains(billing)) {
                String named = type.contains(billing) ? body.type() : body.code();
                return Optional.of(named + ": billing or quota exhausted, retrying cannot help");
            }
        }
        for (String phrase : BILLING_MESSAGES) {
            if (message.contains(phrase)) {
                return Optional.of("\"" + phrase + "\": billing or quota exhausted, retrying cannot help");
            }
        }
        Optional<String> monthly =
                find(MONTHLY, type).or(() -> find(MONTHLY, code)).or(() -> find(MONTHLY, message));
        if (monthly.isPresent()) {
            return Optional.of("monthly or trial cap (\"" + monthly.get() + "\") reached: waiting will not help before "
                    + "the next period; upgrade the plan or add credits");
        }
        if (type.contains("request_too_large")
                || code.contains("request_too_large")
                || message.contains("request too large")) {
            return Optional.of("request too large: the request exceeds the rate limit itself, retrying cannot help");
        }
        return find(DAILY_CODE, type)
                .or(() -> find(DAILY_CODE, code))
                .or(() -> find(DAILY_MESSAGE, body.messageValue().orElse("")))
                .map(what -> "daily cap (" + what + ") reached: retrying before the day's quota resets cannot help");
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
