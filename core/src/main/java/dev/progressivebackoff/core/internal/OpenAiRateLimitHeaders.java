package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.core.signals.WindowQuota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * OpenAI-style {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} headers (also sent by
 * Moonshot, Azure OpenAI, Groq and most OpenAI-compatible servers), and the same family with a window
 * suffix ({@code -minute}, {@code -hour}, {@code -day}, {@code -second}) as Cerebras sends
 * ({@code x-ratelimit-reset-tokens-minute}, {@code x-ratelimit-limit-requests-day}). Limits without a suffix
 * are per minute, except requests whose reset is more than {@link #LONGEST_MINUTE_RESET} away: a window's reset
 * never lies further ahead than the window is long, so that window is longer than a minute (Groq documents its
 * unsuffixed requests figures as per day, e.g. 14400 with a reset of {@code 2m59.56s}). Its length is not
 * announced, so it is listed in {@link #windows} as a day (or the reset, when longer), the longest length
 * providers document, so a rate derived from it errs slow. Such a window, like an explicit {@code -hour} or
 * {@code -day} requests window (Cerebras' {@code x-ratelimit-limit-requests-day}), is no request quota (no RPM,
 * no tier: only a minute or shorter window, scaled, gives one) and gives a pacer its count only once spent, to
 * hold until its reset (the spent one whose reset lies furthest ahead, over any minute window's count). The token family keeps the per-minute
 * reading whatever its reset (OpenAI documents {@code x-ratelimit-reset-tokens: 6m0s} for a per-minute limit).
 * Resets are read by {@link ResetValues}: a Go duration ({@code 6m0s}), delay-seconds, or a plausible Unix
 * timestamp. A reset becomes a wait hint only when the matching remaining count is 0; when several windows of
 * a resource are spent, the longest reset wins. The figures of a resource come from its first window that has
 * any (no suffix, then minute, second, hour, day; for requests, only the minute or shorter ones).
 */
public final class OpenAiRateLimitHeaders {

    /** Requests allowed per minute (per a longer window when the reset says so: see the class comment). */
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

    /**
     * The furthest a per-minute window's requests reset may lie: a minute, and a second for rounding and for a
     * {@code Date} header in whole seconds under an epoch reset.
     */
    public static final Duration LONGEST_MINUTE_RESET = Duration.ofSeconds(61);

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    /** The window suffixes read, in the order their figures are preferred. */
    private static final List<Window> WINDOWS = List.of(
            new Window("", MINUTE),
            new Window("-minute", MINUTE),
            new Window("-second", Duration.ofSeconds(1)),
            new Window("-hour", Duration.ofHours(1)),
            new Window("-day", DAY));

    private record Window(String suffix, Duration length) {}

    private OpenAiRateLimitHeaders() {}

    /** The figures these headers announce. */
    public static QuotaFigures figures(ResponseHeaders headers, Instant measuredAt) {
        List<WindowQuota> requestWindows = windows(headers, "requests", measuredAt);
        Optional<WindowQuota> perMinute =
                requestWindows.stream().filter(w -> !longerThanAMinute(w)).findFirst();
        Optional<WindowQuota> counts = spentLongWindow(requestWindows).or(() -> perMinute);
        Optional<WindowQuota> tokens = first(windows(headers, "tokens", measuredAt));
        return new QuotaFigures(
                perMinute.flatMap(OpenAiRateLimitHeaders::quota),
                counts.map(WindowQuota::remaining).orElseGet(OptionalLong::empty),
                counts.flatMap(WindowQuota::reset),
                tokens.flatMap(OpenAiRateLimitHeaders::quota),
                tokens.map(WindowQuota::remaining).orElseGet(OptionalLong::empty),
                tokens.flatMap(WindowQuota::reset));
    }

    /** Every window of both resources that announced anything, requests first. */
    public static List<WindowQuota> windows(ResponseHeaders headers, Instant measuredAt) {
        List<WindowQuota> all = new ArrayList<>(windows(headers, "requests", measuredAt));
        all.addAll(windows(headers, "tokens", measuredAt));
        return List.copyOf(all);
    }

    /** The longest request reset of a spent window, as a hint. */
    public static Optional<ServerHint> requestsHint(ResponseHeaders headers, Instant measuredAt) {
        return hint(headers, "requests", WaitSource.X_RATELIMIT_RESET_REQUESTS, measuredAt);
    }

    /** The longest token reset of a spent window, as a hint. */
    public static Optional<ServerHint> tokensHint(ResponseHeaders headers, Instant measuredAt) {
        return hint(headers, "tokens", WaitSource.X_RATELIMIT_RESET_TOKENS, measuredAt);
    }

    /** A reset value: see {@link ResetValues}. */
    public static Optional<Duration> parseReset(String value, Instant measuredAt) {
        return ResetValues.parse(value, measuredAt);
    }

    private static Optional<ServerHint> hint(
            ResponseHeaders headers, String resource, WaitSource source, Instant measuredAt) {
        return WINDOWS.stream()
                .filter(w -> RepeatedHeaders.isZero(headers, "x-ratelimit-remaining-" + resource + w.suffix()))
                .flatMap(w -> RepeatedHeaders.largest(
                        headers, "x-ratelimit-reset-" + resource + w.suffix(), v -> parseReset(v, measuredAt))
                        .stream())
                .max(Comparator.comparing(RepeatedHeaders.Found::value))
                .map(found -> new ServerHint(found.value(), source, found.raw()));
    }

    private static List<WindowQuota> windows(ResponseHeaders headers, String resource, Instant measuredAt) {
        List<WindowQuota> found = new ArrayList<>();
        for (Window window : WINDOWS) {
            String limitName = "x-ratelimit-limit-" + resource + window.suffix();
            OptionalLong limit = QuotaFigures.toOptionalLong(
                    RepeatedHeaders.largestValue(headers, limitName, Decimals::parsePositiveCount));
            OptionalLong remaining = QuotaFigures.toOptionalLong(RepeatedHeaders.largestValue(
                    headers, "x-ratelimit-remaining-" + resource + window.suffix(), Decimals::parseCount));
            Optional<Duration> reset = RepeatedHeaders.largestValue(
                    headers, "x-ratelimit-reset-" + resource + window.suffix(), v -> parseReset(v, measuredAt));
            if (limit.isPresent() || remaining.isPresent() || reset.isPresent()) {
                Duration length = window.suffix().isEmpty() && "requests".equals(resource)
                        ? unsuffixedRequestsLength(reset)
                        : window.length();
                found.add(new WindowQuota(resource, length, limit, remaining, reset, limitName));
            }
        }
        return found;
    }

    /** A minute, unless the reset proves the window longer: then a day, or the reset when longer still. */
    private static Duration unsuffixedRequestsLength(Optional<Duration> reset) {
        return reset.filter(r -> r.compareTo(LONGEST_MINUTE_RESET) > 0)
                .map(r -> r.compareTo(DAY) > 0 ? r : DAY)
                .orElse(MINUTE);
    }

    /**
     * The spent requests window longer than a minute whose reset lies furthest ahead: the only thing such a
     * window tells a pacer, which holds until its reset. Its limit is no RPM, and a count left of an hour or a
     * day says nothing about the next minute, so an unspent one must not let starts through unspaced.
     */
    private static Optional<WindowQuota> spentLongWindow(List<WindowQuota> requestWindows) {
        return requestWindows.stream()
                .filter(OpenAiRateLimitHeaders::longerThanAMinute)
                .filter(WindowQuota::isSpent)
                .max(Comparator.comparing(w -> w.reset().orElse(Duration.ZERO)));
    }

    /**
     * True for a requests window longer than a minute: an explicit {@code -hour} or {@code -day} one, or the
     * unsuffixed one when its reset showed it longer.
     */
    private static boolean longerThanAMinute(WindowQuota window) {
        return "requests".equals(window.resource()) && window.window().compareTo(MINUTE) > 0;
    }

    private static Optional<WindowQuota> first(List<WindowQuota> windows) {
        return windows.stream().findFirst();
    }

    private static Optional<RequestQuota> quota(WindowQuota window) {
        return window.limit().isPresent()
                ? Optional.of(new RequestQuota(window.limit().getAsLong(), window.window(), window.header()))
                : Optional.empty();
    }
}
