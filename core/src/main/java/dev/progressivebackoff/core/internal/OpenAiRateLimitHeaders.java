package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.core.support.GoDurations;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenAI-style {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} headers (also sent by
 * Moonshot, Azure OpenAI, Groq and most OpenAI-compatible servers). Limits are per minute; resets are
 * Go duration strings ({@code 6m0s}, {@code 12ms}), with plain delay-seconds ({@code 20},
 * {@code 1.5}) accepted too because several compatible servers send those. A reset becomes a wait
 * hint only when the matching remaining count is 0.
 */
public final class OpenAiRateLimitHeaders {

    /** Requests allowed per minute. */
    public static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
    /** Requests left. */
    public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    /** Time until the request budget is full again. */
    public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    /** Tokens allowed per minute. */
    public static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
    /** Tokens left. */
    public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
    /** Time until the token budget is full again. */
    public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private OpenAiRateLimitHeaders() {}

    /** The figures these headers announce. */
    public static QuotaFigures figures(ResponseHeaders headers) {
        return new QuotaFigures(
                quota(headers, LIMIT_REQUESTS),
                QuotaFigures.toOptionalLong(
                        RepeatedHeaders.largestValue(headers, REMAINING_REQUESTS, Decimals::parseCount)),
                RepeatedHeaders.largestValue(headers, RESET_REQUESTS, OpenAiRateLimitHeaders::parseReset),
                quota(headers, LIMIT_TOKENS),
                QuotaFigures.toOptionalLong(
                        RepeatedHeaders.largestValue(headers, REMAINING_TOKENS, Decimals::parseCount)),
                RepeatedHeaders.largestValue(headers, RESET_TOKENS, OpenAiRateLimitHeaders::parseReset));
    }

    /** {@code x-ratelimit-reset-requests} as a hint, when {@code x-ratelimit-remaining-requests} is 0. */
    public static Optional<ServerHint> requestsHint(ResponseHeaders headers) {
        return hint(headers, REMAINING_REQUESTS, RESET_REQUESTS, WaitSource.X_RATELIMIT_RESET_REQUESTS);
    }

    /** {@code x-ratelimit-reset-tokens} as a hint, when {@code x-ratelimit-remaining-tokens} is 0. */
    public static Optional<ServerHint> tokensHint(ResponseHeaders headers) {
        return hint(headers, REMAINING_TOKENS, RESET_TOKENS, WaitSource.X_RATELIMIT_RESET_TOKENS);
    }

    /** A reset value: a Go duration, or else delay-seconds. */
    public static Optional<Duration> parseReset(String value) {
        return GoDurations.parse(value).or(() -> DelaySeconds.parseSeconds(value));
    }

    private static Optional<ServerHint> hint(
            ResponseHeaders headers, String remaining, String reset, WaitSource source) {
        if (!RepeatedHeaders.isZero(headers, remaining)) {
            return Optional.empty();
        }
        return RepeatedHeaders.largest(headers, reset, OpenAiRateLimitHeaders::parseReset)
                .map(found -> new ServerHint(found.value(), source, found.raw()));
    }

    private static Optional<RequestQuota> quota(ResponseHeaders headers, String name) {
        return RepeatedHeaders.largestValue(headers, name, Decimals::parsePositiveCount)
                .map(limit -> new RequestQuota(limit, MINUTE, name));
    }
}
