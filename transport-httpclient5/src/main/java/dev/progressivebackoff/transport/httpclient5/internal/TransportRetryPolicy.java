package dev.progressivebackoff.transport.httpclient5.internal;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The transport's retry rules as a Failsafe {@link RetryPolicy}: retry I/O failures and the configured
 * statuses (never 429), up to {@code maxRetries} times, waiting factor × 2^(n−1) s capped at the maximum
 * retry wait, or the server's {@code Retry-After} on 503. A 503 asking for more than the maximum server
 * wait is not retried. Failsafe decides and computes the delay; the caller waits through its own
 * {@link dev.progressivebackoff.core.Sleeper} ({@link Execution} never sleeps), so a simulated clock
 * drives these waits too. Immutable and thread-safe; each request gets its own {@link #newExecution()}.
 */
public final class TransportRetryPolicy {

    private static final int SERVICE_UNAVAILABLE = 503;

    private final int maxRetries;
    private final double factor;
    private final Set<Integer> statuses;
    private final Duration maxRetryWait;
    private final Duration maxServerWait;
    private final TimeSource timeSource;
    private final RetryPolicy<RawResponse> policy;

    /**
     * A policy.
     *
     * @param maxRetries    transport retries allowed (5 by default: 6 attempts)
     * @param factor        the backoff factor, seconds (2.0 by default)
     * @param statuses      statuses to retry; must not contain 429
     * @param maxRetryWait  cap on computed waits (120 s by default)
     * @param maxServerWait the longest {@code Retry-After} obeyed; a longer one ends the retries
     * @param timeSource    the clock HTTP dates in {@code Retry-After} are measured against (when no {@code Date})
     */
    public TransportRetryPolicy(
            int maxRetries,
            double factor,
            Set<Integer> statuses,
            Duration maxRetryWait,
            Duration maxServerWait,
            TimeSource timeSource) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("retryBackoffFactor must be a finite number >= 0: " + factor);
        }
        if (statuses.contains(429)) {
            throw new IllegalArgumentException("429 is handled by the rate-limit loop, never by transport retries");
        }
        this.maxRetries = maxRetries;
        this.factor = factor;
        this.statuses = Set.copyOf(statuses);
        this.maxRetryWait = Objects.requireNonNull(maxRetryWait, "maxRetryWait");
        this.maxServerWait = Objects.requireNonNull(maxServerWait, "maxServerWait");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.policy = RetryPolicy.<RawResponse>builder()
                .handle(IOException.class)
                .handleResultIf(response -> response != null && this.statuses.contains(response.status()))
                .abortIf(response -> response != null
                        && retryAfter(response)
                                .map(hint -> hint.delay().compareTo(this.maxServerWait) > 0)
                                .orElse(false))
                .withMaxRetries(maxRetries)
                .withDelayFn(context -> delayFor(context.getAttemptCount(), context.getLastResult()))
                .build();
    }

    /** A fresh execution for one request: record each attempt, then ask it whether and how long to wait. */
    public Execution<RawResponse> newExecution() {
        return Execution.of(policy);
    }

    /** Retries allowed. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The statuses retried. */
    public Set<Integer> statuses() {
        return statuses;
    }

    /** The wait before retry {@code retry} (1-based) when the server gave no hint: factor × 2^(retry−1) s, capped. */
    public Duration computedDelay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based: " + retry);
        }
        double seconds = factor * Math.pow(2, retry - 1);
        double cap = Seconds.of(maxRetryWait);
        return Seconds.toDuration(Math.min(seconds, cap));
    }

    /** The wait before retry {@code retry} after {@code last} (null after an I/O failure). */
    public Duration delayFor(int retry, RawResponse last) {
        if (last != null) {
            Optional<ServerHint> hint = retryAfter(last);
            if (hint.isPresent()) {
                return hint.get().delay();
            }
        }
        return computedDelay(retry);
    }

    /**
     * True for an I/O failure that retrying cannot mend: a TLS handshake or certificate failure, an unknown
     * host, or a connection refused by a host that is not loopback (a local server may be restarting).
     */
    public static boolean cannotRecover(IOException failure, URI uri) {
        boolean cutOff = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof UnknownHostException) {
                return true;
            }
            cutOff |= cause instanceof EOFException || cause instanceof SocketException;
        }
        // A handshake cut off by the network may succeed next time; one the peer refused will not.
        if (failure instanceof SSLPeerUnverifiedException || failure instanceof SSLHandshakeException && !cutOff) {
            return true;
        }
        return failure instanceof ConnectException && !PlainHttp.isLoopback(uri.getHost());
    }

    /** The {@code retry-after-ms} or {@code Retry-After} of a 503; other statuses have none here. */
    public Optional<ServerHint> retryAfter(RawResponse response) {
        if (response.status() != SERVICE_UNAVAILABLE) {
            return Optional.empty();
        }
        RateLimitSignals signals =
                RateLimitSignals.parse(response.status(), response.headers(), ErrorBody.EMPTY, timeSource.now());
        return signals.hints().stream()
                .filter(hint -> hint.source() == WaitSource.RETRY_AFTER_MS || hint.source() == WaitSource.RETRY_AFTER)
                .findFirst();
    }
}
