package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds {@link RateLimitSignals} from a response: the time reference, every valid wait hint in
 * {@link dev.progressivebackoff.core.signals.WaitSource} order, the quota figures (first family that
 * has a field wins: OpenAI, Anthropic, IETF, legacy) and the classification. Malformed values are
 * ignored; parsing never throws.
 */
public final class SignalParser {

    /** The response's {@code Date} header. */
    public static final String DATE = "date";
    /** Milliseconds to wait (OpenAI, Azure). */
    public static final String RETRY_AFTER_MS = "retry-after-ms";
    /** RFC 9110 delay-seconds or HTTP-date. */
    public static final String RETRY_AFTER = "retry-after";
    /** Seconds to wait (some gateways). */
    public static final String X_RETRY_AFTER = "x-retry-after";
    /** The server's retry verdict, {@code true} or {@code false}. */
    public static final String X_SHOULD_RETRY = "x-should-retry";

    private SignalParser() {}

    /** See {@link RateLimitSignals#parse}; a null header set or body counts as empty. */
    public static RateLimitSignals parse(int status, ResponseHeaders headers, ErrorBody body, Instant now) {
        Objects.requireNonNull(now, "now");
        ResponseHeaders h = headers == null ? ResponseHeaders.EMPTY : headers;
        ErrorBody b = body == null ? ErrorBody.EMPTY : body;
        Instant measuredAt = measuredAt(h, now);
        QuotaFigures figures = OpenAiRateLimitHeaders.figures(h, measuredAt)
                .or(AnthropicHeaders.figures(h, measuredAt))
                .or(IetfRateLimitHeaders.figures(h))
                .or(LegacyRateLimitHeaders.figures(h, measuredAt));
        Optional<Boolean> shouldRetry = shouldRetry(h);
        return new RateLimitSignals(
                status,
                measuredAt,
                hints(h, b, measuredAt, now),
                figures.requestQuota(),
                figures.remainingRequests(),
                figures.resetRequests(),
                figures.tokenQuota(),
                figures.remainingTokens(),
                figures.resetTokens(),
                shouldRetry,
                b,
                ResponseClassifier.classify(status, shouldRetry, b),
                OpenAiRateLimitHeaders.windows(h, measuredAt));
    }

    /** The latest valid {@code Date} header, else {@code now}. */
    static Instant measuredAt(ResponseHeaders headers, Instant now) {
        return RepeatedHeaders.largestValue(headers, DATE, value -> HttpDates.parse(value, now))
                .orElse(now);
    }

    /** Every valid hint, strongest first. */
    static List<ServerHint> hints(ResponseHeaders headers, ErrorBody body, Instant measuredAt, Instant now) {
        return Stream.of(
                        RetryAfterHeaders.retryAfterMs(headers),
                        RetryAfterHeaders.retryAfter(headers, measuredAt, now),
                        RetryAfterHeaders.xRetryAfter(headers),
                        RetryInfoHint.hint(body),
                        IetfRateLimitHeaders.hint(headers),
                        OpenAiRateLimitHeaders.requestsHint(headers, measuredAt),
                        OpenAiRateLimitHeaders.tokensHint(headers, measuredAt),
                        AnthropicHeaders.hint(headers, measuredAt),
                        LegacyRateLimitHeaders.hint(headers, measuredAt),
                        BodyHints.hint(body))
                .flatMap(Optional::stream)
                .toList();
    }

    /** {@code x-should-retry}: {@code true} or {@code false} (any case); if lines disagree, false wins. */
    static Optional<Boolean> shouldRetry(ResponseHeaders headers) {
        Optional<Boolean> verdict = Optional.empty();
        for (String line : headers.all(X_SHOULD_RETRY)) {
            String value = Decimals.trimOws(line).toLowerCase(Locale.ROOT);
            if (value.equals("false")) {
                return Optional.of(false);
            }
            if (value.equals("true")) {
                verdict = Optional.of(true);
            }
        }
        return verdict;
    }
}
