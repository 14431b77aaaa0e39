package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ResponseKind;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a response means for retrying.
 * <ul>
 *   <li>2xx: {@link ResponseKind#SUCCESS}.</li>
 *   <li>429: {@link ResponseKind#RATE_LIMITED}, unless retrying cannot help, then
 *       {@link ResponseKind#FATAL}: {@code x-should-retry: false}; billing or quota exhaustion; a request
 *       too large for the limit; a daily cap (checked in that order, see {@link NotRetryableBodies}).
 *       {@code engine_overloaded_error} and ordinary {@code rate_limit_reached_error} /
 *       {@code rate_limit_exceeded} 429s stay retryable.</li>
 *   <li>500, 502, 503, 504, Anthropic's 529 "overloaded", 408 Request Timeout and 409 Conflict (which
 *       OpenAI's clients retry as lock contention): {@link ResponseKind#TRANSIENT}, unless
 *       {@code x-should-retry: false}.</li>
 *   <li>Any other 5xx: {@link ResponseKind#FATAL}, unless the server sends {@code x-should-retry: true},
 *       which makes it {@link ResponseKind#TRANSIENT}.</li>
 *   <li>Every other status (other 4xx, 1xx, 3xx): {@link ResponseKind#FATAL}.</li>
 * </ul>
 */
public final class ResponseClassifier {

    /**
     * The statuses that are worth retrying after a short wait, and that the transport retries by default: 408,
     * 409, 500, 502, 503, 504 and 529. The one list both the classification and the transport's defaults read.
     */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 409, 500, 502, 503, 504, 529);

    private ResponseClassifier() {}

    /**
     * Classifies a response.
     *
     * @param status      the HTTP status
     * @param shouldRetry the server's {@code x-should-retry} verdict, if sent
     * @param body        the error body
     */
    public static Classification classify(int status, Optional<Boolean> shouldRetry, ErrorBody body) {
        boolean serverSaysNo = shouldRetry.filter(retry -> !retry).isPresent();
        if (status >= 200 && status <= 299) {
            return new Classification(ResponseKind.SUCCESS, "HTTP " + status);
        }
        if (status == 429) {
            if (serverSaysNo) {
                return fatal("x-should-retry: false: the server says retrying cannot help");
            }
            return NotRetryableBodies.reason(body)
                    .map(ResponseClassifier::fatal)
                    .orElseGet(() -> new Classification(ResponseKind.RATE_LIMITED, rateLimitedReason(body)));
        }
        if (isTransient(status)) {
            return serverSaysNo
                    ? fatal("HTTP " + status + " with x-should-retry: false: the server says retrying cannot help")
                    : new Classification(ResponseKind.TRANSIENT, "HTTP " + status + ": transient server error");
        }
        if (status >= 500 && status <= 599 && shouldRetry.orElse(false)) {
            return new Classification(ResponseKind.TRANSIENT, "HTTP " + status + " with x-should-retry: true");
        }
        return fatal(NotRetryableBodies.reason(body).orElseGet(() -> statusReason(status)));
    }

    /** True for 408, 409, 500, 502, 503, 504 and 529. */
    public static boolean isTransient(int status) {
        return TRANSIENT_STATUSES.contains(status);
    }

    private static String rateLimitedReason(ErrorBody body) {
        Optional<String> daily = QuotaViolations.daily(body);
        if (daily.isPresent()) {
            return "quota " + daily.get() + " exhausted for the day: rate limited until its daily reset";
        }
        String what = body.codeValue().or(body::typeValue).orElse("HTTP 429");
        return what + ": rate limited, worth waiting";
    }

    private static String statusReason(int status) {
        String what = switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized, check the API key";
            case 402 -> "payment required";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 413 -> "request too large";
            case 422 -> "unprocessable request";
            default ->
                status >= 400 && status <= 499
                        ? "client error"
                        : status >= 500 && status <= 599 ? "server error" : "unexpected status";
        };
        return "HTTP " + status + ": " + what + ", retrying cannot help";
    }

    private static Classification fatal(String reason) {
        return new Classification(ResponseKind.FATAL, reason);
    }
}
