package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The IETF RateLimit headers. Draft -11 sends RFC 8941 lists, one item per policy, parameters in any
 * order: {@code RateLimit-Policy: "default";q=100;w=10} (quota {@code q} per window {@code w}
 * seconds, unit {@code qu} defaulting to requests) and {@code RateLimit: "default";r=0;t=50}
 * ({@code r} remaining, {@code t} seconds until reset). Older drafts send
 * {@code RateLimit-Limit: 100, 100;w=60}, {@code RateLimit-Remaining: 0} and
 * {@code RateLimit-Reset: 50} (delta seconds); an older limit without a {@code w} is read as per minute.
 *
 * <p>The request quota is the request policy with the shortest window (the one a tier is about); its
 * {@code RateLimit} item (same name) gives remaining and reset, else the item with the fewest
 * remaining. The wait hint is the longest {@code t} among items with {@code r=0}; without draft -11
 * items, the older {@code RateLimit-Reset} when {@code RateLimit-Remaining} is 0.
 */
public final class IetfRateLimitHeaders {

    /** Draft -11 current state: {@code "name";r=..;t=..}. */
    public static final String RATE_LIMIT = "ratelimit";
    /** Draft -11 policies: {@code "name";q=..;w=..}. */
    public static final String RATE_LIMIT_POLICY = "ratelimit-policy";
    /** Older drafts: the limit. */
    public static final String LIMIT = "ratelimit-limit";
    /** Older drafts: the remaining count. */
    public static final String REMAINING = "ratelimit-remaining";
    /** Older drafts: delta seconds until reset. */
    public static final String RESET = "ratelimit-reset";

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private IetfRateLimitHeaders() {}

    private record Policy(String name, long quota, long windowSeconds) {}

    private record Limit(String name, long remaining, Optional<Long> resetSeconds) {}

    /** The figures from draft -11 fields, falling back to the older fields. */
    public static QuotaFigures figures(ResponseHeaders headers) {
        if (absent(headers)) {
            return QuotaFigures.NONE;
        }
        return draft11(headers).or(older(headers));
    }

    /**
     * True when none of these headers is present (most responses): both readings would find nothing, so
     * they are skipped; this runs on every response.
     */
    private static boolean absent(ResponseHeaders headers) {
        return !headers.contains(RATE_LIMIT)
                && !headers.contains(RATE_LIMIT_POLICY)
                && !headers.contains(LIMIT)
                && !headers.contains(REMAINING)
                && !headers.contains(RESET);
    }

    /** The wait hint: draft -11 {@code r=0;t=N}, else the older reset when remaining is 0. */
    public static Optional<ServerHint> hint(ResponseHeaders headers) {
        if (absent(headers)) {
            return Optional.empty();
        }
        List<Limit> limits = limits(headers);
        Optional<Long> longest = limits.stream()
                .filter(limit -> limit.remaining() == 0)
                .flatMap(limit -> limit.resetSeconds().stream())
                .max(Comparator.naturalOrder());
        if (longest.isPresent()) {
            String raw = String.join(", ", headers.all(RATE_LIMIT));
            return Optional.of(new ServerHint(Waits.seconds(longest.get()), WaitSource.RATELIMIT, raw));
        }
        if (!RepeatedHeaders.isZero(headers, REMAINING)) {
            return Optional.empty();
        }
        return RepeatedHeaders.largest(headers, RESET, DelaySeconds::parseSeconds)
                .map(found -> new ServerHint(found.value(), WaitSource.RATELIMIT, found.raw()));
    }

    private static QuotaFigures draft11(ResponseHeaders headers) {
        Optional<Policy> policy = policies(headers).stream()
                .min(Comparator.comparingLong(Policy::windowSeconds).thenComparingLong(Policy::quota));
        List<Limit> limits = limits(headers);
        Optional<Limit> limit = policy.flatMap(p ->
                        limits.stream().filter(l -> l.name().equals(p.name())).findFirst())
                .or(() -> limits.stream()
                        .min(Comparator.comparingLong(Limit::remaining)
                                .thenComparing(l -> l.resetSeconds().orElse(0L), Comparator.reverseOrder())));
        return QuotaFigures.ofRequests(
                policy.map(p -> new RequestQuota(p.quota(), Waits.seconds(p.windowSeconds()), RATE_LIMIT_POLICY)),
                limit.map(l -> OptionalLong.of(l.remaining())).orElseGet(OptionalLong::empty),
                limit.flatMap(Limit::resetSeconds).map(Waits::seconds));
    }

    private static List<Policy> policies(ResponseHeaders headers) {
        return StructuredFieldLists.parseLines(headers.all(RATE_LIMIT_POLICY)).stream()
                .filter(m -> m.textParam("qu").orElse("requests").equals("requests"))
                .flatMap(m -> m.name().stream()
                        .flatMap(name -> m.integerParam("q").filter(q -> q > 0).stream()
                                .flatMap(q -> m.integerParam("w").filter(w -> w > 0).stream()
                                        .map(w -> new Policy(name, q, w)))))
                .toList();
    }

    private static List<Limit> limits(ResponseHeaders headers) {
        return StructuredFieldLists.parseLines(headers.all(RATE_LIMIT)).stream()
                .flatMap(m -> m.name().stream()
                        .flatMap(name -> m.integerParam("r").filter(r -> r >= 0).stream()
                                .map(r -> new Limit(name, r, m.integerParam("t").filter(t -> t >= 0)))))
                .toList();
    }

    private static QuotaFigures older(ResponseHeaders headers) {
        Optional<RequestQuota> quota = RepeatedHeaders.largest(headers, LIMIT, IetfRateLimitHeaders::olderLimit)
                .map(found ->
                        new RequestQuota(found.value().limit(), found.value().window(), LIMIT));
        return QuotaFigures.ofRequests(
                quota,
                QuotaFigures.toOptionalLong(RepeatedHeaders.largestValue(headers, REMAINING, Decimals::parseCount)),
                RepeatedHeaders.largestValue(headers, RESET, DelaySeconds::parseSeconds));
    }

    /** {@code 100}, {@code 100;w=10} or {@code 100, 100;w=10, 1000;w=3600}: the first item, its window. */
    private static Optional<OlderLimit> olderLimit(String line) {
        List<StructuredFieldLists.Member> members =
                StructuredFieldLists.parse(line).orElse(List.of());
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> limit = members.get(0).integer().filter(value -> value > 0);
        return limit.map(value -> new OlderLimit(
                value,
                members.stream()
                        .filter(m -> m.integer().equals(limit))
                        .flatMap(m -> m.integerParam("w").filter(w -> w > 0).stream())
                        .findFirst()
                        .map(Waits::seconds)
                        .orElse(MINUTE)));
    }

    private record OlderLimit(long limit, Duration window) implements Comparable<OlderLimit> {

        @Override
        public int compareTo(OlderLimit other) {
            return Long.compare(limit, other.limit);
        }
    }
}
