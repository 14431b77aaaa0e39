package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Anthropic's {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}}
 * headers. Limits are per minute; resets are RFC 3339 timestamps, turned into waits measured from the
 * response's {@code Date} (or now), a past reset giving 0. The hint is the longest reset among the
 * budgets whose remaining count is 0.
 */
public final class AnthropicHeaders {

    private static final String PREFIX = "anthropic-ratelimit-";
    private static final List<String> BUDGETS = List.of("requests", "tokens", "input-tokens", "output-tokens");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private AnthropicHeaders() {}

    /** The figures these headers announce; token figures fall back to the input-token budget. */
    public static QuotaFigures figures(ResponseHeaders headers, Instant measuredAt) {
        QuotaFigures requests = budget(headers, "requests", measuredAt);
        QuotaFigures tokens = budget(headers, "tokens", measuredAt).or(budget(headers, "input-tokens", measuredAt));
        return new QuotaFigures(
                requests.requestQuota(),
                requests.remainingRequests(),
                requests.resetRequests(),
                tokens.requestQuota(),
                tokens.remainingRequests(),
                tokens.resetRequests());
    }

    /** The longest reset among exhausted budgets, as a hint. */
    public static Optional<ServerHint> hint(ResponseHeaders headers, Instant measuredAt) {
        RepeatedHeaders.Found<Duration> longest = null;
        for (String budget : BUDGETS) {
            if (!RepeatedHeaders.isZero(headers, PREFIX + budget + "-remaining")) {
                continue;
            }
            Optional<RepeatedHeaders.Found<Duration>> reset = reset(headers, budget, measuredAt);
            if (reset.isPresent() && (longest == null || reset.get().value().compareTo(longest.value()) > 0)) {
                longest = reset.get();
            }
        }
        return Optional.ofNullable(longest)
                .map(found -> new ServerHint(found.value(), WaitSource.ANTHROPIC_RATELIMIT_RESET, found.raw()));
    }

    private static QuotaFigures budget(ResponseHeaders headers, String budget, Instant measuredAt) {
        String limitName = PREFIX + budget + "-limit";
        Optional<RequestQuota> quota = RepeatedHeaders.largestValue(headers, limitName, Decimals::parsePositiveCount)
                .map(limit -> new RequestQuota(limit, MINUTE, limitName));
        return QuotaFigures.ofRequests(
                quota,
                QuotaFigures.toOptionalLong(
                        RepeatedHeaders.largestValue(headers, PREFIX + budget + "-remaining", Decimals::parseCount)),
                reset(headers, budget, measuredAt).map(RepeatedHeaders.Found::value));
    }

    private static Optional<RepeatedHeaders.Found<Duration>> reset(
            ResponseHeaders headers, String budget, Instant measuredAt) {
        return RepeatedHeaders.largest(
                headers,
                PREFIX + budget + "-reset",
                value -> Rfc3339Timestamps.parse(value).map(at -> Waits.until(at, measuredAt)));
    }
}
