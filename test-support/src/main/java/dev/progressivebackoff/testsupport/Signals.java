package dev.progressivebackoff.testsupport;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds {@link RateLimitSignals} by hand, independent of header parsing, measured at {@link FakeClock#START}
 * and classified with the reason {@code "HTTP <status>"} unless said otherwise.
 */
public final class Signals {

    /** The header OpenAI-style providers announce their requests per minute in. */
    public static final String RPM_HEADER = "x-ratelimit-limit-requests";

    private Signals() {}

    /** A 200 without rate-limit headers. */
    public static RateLimitSignals ok() {
        return withStatus(200, ResponseKind.SUCCESS, List.of(), Optional.empty(), ErrorBody.EMPTY, "HTTP 200");
    }

    /** A 200 announcing {@code limit} requests per {@code window} in {@code header}. */
    public static RateLimitSignals okWithQuota(long limit, Duration window, String header) {
        return withStatus(
                200,
                ResponseKind.SUCCESS,
                List.of(),
                Optional.of(new RequestQuota(limit, window, header)),
                ErrorBody.EMPTY,
                "HTTP 200");
    }

    /** A 200 announcing {@code limit} requests per minute in {@value #RPM_HEADER}. */
    public static RateLimitSignals okWithRpm(long limit) {
        return okWithQuota(limit, Duration.ofMinutes(1), RPM_HEADER);
    }

    /** A retryable 429 carrying these hints, strongest first (none: a plain 429). */
    public static RateLimitSignals rateLimited(ServerHint... hints) {
        return withStatus(
                429, ResponseKind.RATE_LIMITED, Arrays.asList(hints), Optional.empty(), ErrorBody.EMPTY, "HTTP 429");
    }

    /** A retryable 429 announcing {@code rpm} requests per minute in {@value #RPM_HEADER}, without hints. */
    public static RateLimitSignals rateLimitedWithRpm(long rpm) {
        return withStatus(
                429,
                ResponseKind.RATE_LIMITED,
                List.of(),
                Optional.of(new RequestQuota(rpm, Duration.ofMinutes(1), RPM_HEADER)),
                ErrorBody.EMPTY,
                "HTTP 429");
    }

    /** A hint of {@code delay} from {@code source}, its raw value {@code delay.toString()}. */
    public static ServerHint hint(Duration delay, WaitSource source) {
        return hint(delay, source, delay.toString());
    }

    /** A hint of {@code delay} from {@code source} read from the raw value {@code raw}. */
    public static ServerHint hint(Duration delay, WaitSource source, String raw) {
        return new ServerHint(delay, source, raw);
    }

    /** A response of {@code status} that must not be retried, with the server's {@code reason} and body. */
    public static RateLimitSignals fatal(int status, String reason, ErrorBody body) {
        return withStatus(status, ResponseKind.FATAL, List.of(), Optional.empty(), body, reason);
    }

    /** A 200 saying {@code remaining} requests are left until the window resets in {@code reset} (may be null). */
    public static RateLimitSignals requestsLeft(long remaining, Duration reset) {
        return success(
                Optional.empty(),
                OptionalLong.of(remaining),
                Optional.ofNullable(reset),
                OptionalLong.empty(),
                Optional.empty());
    }

    /** A 200 announcing {@code limit} requests a minute, {@code remaining} left until the reset in {@code reset}. */
    public static RateLimitSignals requestsLeftOf(long limit, long remaining, Duration reset) {
        return window(limit, Duration.ofMinutes(1), RPM_HEADER, remaining, reset);
    }

    /**
     * A 200 announcing a quota of {@code limit} requests per {@code window} in the IETF {@code RateLimit-Policy}
     * header, {@code remaining} of them left until the window resets in {@code reset}.
     */
    public static RateLimitSignals quota(long limit, Duration window, long remaining, Duration reset) {
        return window(limit, window, "RateLimit-Policy", remaining, reset);
    }

    /**
     * A 200 announcing {@code limit} requests per {@code window} (from {@code header}), {@code remaining} left
     * until the reset in {@code reset} (may be null).
     */
    public static RateLimitSignals window(long limit, Duration window, String header, long remaining, Duration reset) {
        return success(
                Optional.of(new RequestQuota(limit, window, header)),
                OptionalLong.of(remaining),
                Optional.ofNullable(reset),
                OptionalLong.empty(),
                Optional.empty());
    }

    /** A 200 saying {@code remaining} tokens are left until the token window resets in {@code reset}. */
    public static RateLimitSignals tokensLeft(long remaining, Duration reset) {
        return success(
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.of(remaining),
                Optional.of(reset));
    }

    /** A 200 announcing {@code limit} tokens per minute, {@code remaining} left until {@code reset}. */
    public static RateLimitSignals tokenQuota(long limit, long remaining, Duration reset) {
        return new RateLimitSignals(
                200,
                FakeClock.START,
                List.of(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.of(new RequestQuota(limit, Duration.ofMinutes(1), "x-ratelimit-limit-tokens")),
                OptionalLong.of(remaining),
                Optional.of(reset),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    private static RateLimitSignals success(
            Optional<RequestQuota> quota,
            OptionalLong remaining,
            Optional<Duration> reset,
            OptionalLong remainingTokens,
            Optional<Duration> resetTokens) {
        return new RateLimitSignals(
                200,
                FakeClock.START,
                List.of(),
                quota,
                remaining,
                reset,
                Optional.empty(),
                remainingTokens,
                resetTokens,
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.SUCCESS, "HTTP 200"));
    }

    private static RateLimitSignals withStatus(
            int status,
            ResponseKind kind,
            List<ServerHint> hints,
            Optional<RequestQuota> quota,
            ErrorBody body,
            String reason) {
        return new RateLimitSignals(
                status,
                FakeClock.START,
                hints,
                quota,
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                body,
                new Classification(kind, reason));
    }
}
