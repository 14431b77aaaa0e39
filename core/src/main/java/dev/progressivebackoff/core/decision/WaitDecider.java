package dev.progressivebackoff.core.decision;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.internal.QuotaViolations;
import dev.progressivebackoff.core.internal.Waits;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one decision of every wait, pure: the same signals, context and settings always give the same answer.
 * <ul>
 *   <li>A success: nothing to retry.</li>
 *   <li>A 429 is the rate-limit loop's: not retryable when the classification says so; a Google per-day quota
 *       violation is unavailable until the daily reset; otherwise the policy decides, and a server hint longer
 *       than the maximum server wait gives up at once as unavailable until then.</li>
 *   <li>Any other status is the transport's: retried when it is among its statuses (or a 5xx the server marks
 *       {@code x-should-retry: true}) and the server does not say {@code x-should-retry: false}, up to its
 *       retries. Its {@code retry-after-ms}, {@code Retry-After}, {@code x-retry-after} or Google
 *       {@code RetryInfo} replaces the computed wait under the same maximum server wait as a 429's hint.</li>
 * </ul>
 * Sanity bounds hold on every path: no wait is shorter than {@link #FLOOR}, so a confused server announcing a huge
 * quota or a zero wait cannot turn the client into a flood; no server-requested wait is obeyed beyond the maximum
 * server wait; and no computed wait is longer than {@link #MAX_COMPUTED_WAIT}.
 */
public final class WaitDecider {

    /** The shortest wait ever: the fastest documented tier's base (10,000 RPM: 6 ms). */
    public static final Duration FLOOR = Duration.ofMillis(6);

    /** The longest wait one of the toolkit's own schedules may give: 900 s. */
    public static final Duration MAX_COMPUTED_WAIT = DecisionSettings.DEFAULT_MAX_SERVER_WAIT;

    /** The hints a transient status obeys: the explicit "retry after" fields, not the quota resets. */
    public static final Set<WaitSource> TRANSIENT_HINTS = EnumSet.of(
            WaitSource.RETRY_AFTER_MS, WaitSource.RETRY_AFTER, WaitSource.X_RETRY_AFTER, WaitSource.RETRY_INFO);

    private WaitDecider() {}

    /** The decision for {@code signals}. */
    public static WaitDecision decide(RateLimitSignals signals, DecisionContext context, DecisionSettings settings) {
        if (signals.classification().kind() == ResponseKind.SUCCESS) {
            return WaitDecision.GiveUp.of(
                    GiveUpKind.SUCCEEDED, "HTTP " + signals.status() + " is a success: nothing to retry");
        }
        if (signals.status() == 429) {
            return rateLimited(signals, context, settings);
        }
        return transientStatus(signals, context.retry(), context.now(), settings.maxServerWait(), settings.transport());
    }

    /**
     * The transport's decision for a response that is not a 429, at transport retry {@code retry}.
     *
     * @param now           the time source's instant, from which "until" is counted
     * @param maxServerWait the longest server-requested wait obeyed
     */
    public static WaitDecision transientStatus(
            RateLimitSignals signals, int retry, Instant now, Duration maxServerWait, TransportRetryRules rules) {
        int status = signals.status();
        boolean listed = rules.statuses().contains(status)
                || (status >= 500 && status <= 599 && signals.shouldRetry().orElse(false));
        if (status == 429 || signals.classification().kind() == ResponseKind.SUCCESS) {
            return WaitDecision.GiveUp.of(GiveUpKind.NOT_RETRYABLE, "HTTP " + status + " is not the transport's");
        }
        if (!listed || signals.shouldRetry().filter(verdict -> !verdict).isPresent()) {
            String why = listed || signals.classification().kind() != ResponseKind.TRANSIENT
                    ? signals.classification().reason()
                    : "HTTP " + status + " is not among the transport's retry statuses " + rules.statuses();
            return WaitDecision.GiveUp.of(GiveUpKind.NOT_RETRYABLE, why);
        }
        if (retry > rules.maxRetries()) {
            return WaitDecision.GiveUp.of(
                    GiveUpKind.RETRIES_EXHAUSTED,
                    "HTTP " + status + " at transport retry " + retry + ", past the " + rules.maxRetries()
                            + " allowed: the call fails with the server's error");
        }
        Optional<ServerHint> hint = signals.hints().stream()
                .filter(h -> TRANSIENT_HINTS.contains(h.source()))
                .findFirst();
        if (hint.isPresent()) {
            ServerHint asked = hint.get();
            if (asked.delay().compareTo(maxServerWait) > 0) {
                return tooLong("HTTP " + status, asked.source(), asked.delay(), maxServerWait, now);
            }
            return new WaitDecision.Retry(
                    atLeastFloor(asked.delay()),
                    asked.source(),
                    Retrier.TRANSPORT,
                    "HTTP " + status + ": the transport retries it and obeys the server's "
                            + asked.source().wireName());
        }
        return new WaitDecision.Retry(
                atLeastFloor(rules.computedWait(retry)),
                WaitSource.TRANSPORT_BACKOFF,
                Retrier.TRANSPORT,
                "HTTP " + status + ": the transport retries it after its own backoff");
    }

    private static WaitDecision rateLimited(
            RateLimitSignals signals, DecisionContext context, DecisionSettings settings) {
        if (signals.classification().kind() != ResponseKind.RATE_LIMITED) {
            return WaitDecision.GiveUp.of(
                    GiveUpKind.NOT_RETRYABLE, signals.classification().reason());
        }
        Optional<String> daily = QuotaViolations.daily(signals.errorBody());
        if (daily.isPresent()) {
            Instant until = QuotaViolations.nextDailyReset(signals.measuredAt());
            return WaitDecision.GiveUp.until(
                    "quota " + daily.get() + " exhausted for the day: rate limited until " + until
                            + " (the daily reset, midnight Pacific time)",
                    until,
                    Waits.until(until, signals.measuredAt()),
                    WaitSource.NONE);
        }
        BackoffPolicy policy = settings.policy();
        BackoffDecision decision = context.retry() > policy.maxRetries()
                ? BackoffDecision.giveUp(policy.retriesExhaustedReason())
                : policy.decide(new RetryContext(
                        context.retry(), context.tier(), signals, context.elapsed(), context.previousWait()));
        if (decision instanceof BackoffDecision.GiveUp giveUp) {
            return WaitDecision.GiveUp.of(GiveUpKind.RETRIES_EXHAUSTED, giveUp.reason());
        }
        BackoffDecision.Retry retry = (BackoffDecision.Retry) decision;
        if (!retry.source().isServerHint()) {
            Duration wait = retry.delay().compareTo(MAX_COMPUTED_WAIT) > 0 ? MAX_COMPUTED_WAIT : retry.delay();
            return new WaitDecision.Retry(
                    atLeastFloor(wait), retry.source(), Retrier.RATE_LIMIT_LOOP, "HTTP 429 with no server hint");
        }
        Duration asked = serverAsked(retry, signals);
        if (asked.compareTo(settings.maxServerWait()) > 0) {
            return tooLong("HTTP 429", retry.source(), asked, settings.maxServerWait(), context.now());
        }
        Duration wait =
                retry.delay().compareTo(settings.maxServerWait()) > 0 ? settings.maxServerWait() : retry.delay();
        return new WaitDecision.Retry(
                atLeastFloor(wait),
                retry.source(),
                Retrier.RATE_LIMIT_LOOP,
                "HTTP 429: the server's " + retry.source().wireName() + " replaces the tier backoff");
    }

    private static WaitDecision tooLong(String what, WaitSource source, Duration asked, Duration max, Instant now) {
        Instant until = now.plus(asked);
        return WaitDecision.GiveUp.until(
                what + ": the server's " + source.wireName() + " asks for " + Seconds.format(asked)
                        + ", more than the maximum server wait of " + Seconds.format(max)
                        + ": fail at once, rate limited until " + until,
                until,
                asked,
                source);
    }

    /**
     * The wait the server itself asked for with the hint the policy followed: a policy may spread a hint
     * upward, but only the server's own request is measured against the maximum server wait.
     */
    private static Duration serverAsked(BackoffDecision.Retry retry, RateLimitSignals signals) {
        return signals.hints().stream()
                .filter(hint -> hint.source() == retry.source())
                .map(ServerHint::delay)
                .findFirst()
                .orElse(retry.delay());
    }

    private static Duration atLeastFloor(Duration wait) {
        return wait.compareTo(FLOOR) < 0 ? FLOOR : wait;
    }
}
