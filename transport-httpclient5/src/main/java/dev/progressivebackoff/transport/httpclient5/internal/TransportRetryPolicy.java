package dev.progressivebackoff.transport.httpclient5.internal;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.decision.GiveUpKind;
import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.decision.WaitDecision;
import dev.progressivebackoff.core.signals.ErrorBodies;
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
 * The transport's retry rules as a Failsafe {@link RetryPolicy}: I/O failures are retried with the computed wait,
 * and a response is retried, waited for or given up on exactly as the {@link WaitDecider} says for a transient
 * status (its statuses, never 429; its hints, the maximum server wait, the floor), up to {@code maxRetries} times.
 * A response whose server hint exceeds the maximum server wait is not retried. Failsafe counts and computes the
 * delay; the caller waits through its own {@link dev.progressivebackoff.core.Sleeper} ({@link Execution} never
 * sleeps), so a simulated clock drives these waits too. Immutable and thread-safe; each request gets its own
 * {@link #newExecution()}.
 */
public final class TransportRetryPolicy {

    private final TransportRetryRules rules;
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
     * @param maxServerWait the longest server hint obeyed; a longer one ends the retries
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
        this.rules = new TransportRetryRules(
                maxRetries, Seconds.toDuration(factor), statuses, Objects.requireNonNull(maxRetryWait, "maxRetryWait"));
        this.maxServerWait = Objects.requireNonNull(maxServerWait, "maxServerWait");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.policy = RetryPolicy.<RawResponse>builder()
                .handle(IOException.class)
                .handleResultIf(response -> response != null && decide(response, 1) instanceof WaitDecision.Retry)
                .abortIf(response -> response != null
                        && decide(response, 1) instanceof WaitDecision.GiveUp giveUp
                        && giveUp.kind() == GiveUpKind.UNAVAILABLE_UNTIL)
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
        return rules.maxRetries();
    }

    /** The statuses retried. */
    public Set<Integer> statuses() {
        return rules.statuses();
    }

    /** The rules, as the decider reads them. */
    public TransportRetryRules rules() {
        return rules;
    }

    /** True if a response with {@code status} may be retried: a listed status, or any 5xx (x-should-retry). */
    public boolean mayRetry(int status) {
        return rules.statuses().contains(status) || (status >= 500 && status <= 599);
    }

    /** The wait before retry {@code retry} (1-based) when the server gave no hint: factor × 2^(retry−1) s, capped. */
    public Duration computedDelay(int retry) {
        return rules.computedWait(retry);
    }

    /** The wait before retry {@code retry} after {@code last} (null after an I/O failure). */
    public Duration delayFor(int retry, RawResponse last) {
        if (last != null && decide(last, retry) instanceof WaitDecision.Retry wait) {
            return wait.delay();
        }
        Duration computed = computedDelay(retry);
        return computed.compareTo(WaitDecider.FLOOR) < 0 ? WaitDecider.FLOOR : computed;
    }

    /**
     * Where the wait before retry {@code retry} after {@code last} (null after an I/O failure) comes from: the
     * server hint the decider obeyed, else {@link WaitSource#TRANSPORT_BACKOFF}.
     */
    public WaitSource sourceFor(int retry, RawResponse last) {
        if (last != null && decide(last, retry) instanceof WaitDecision.Retry wait) {
            return wait.source();
        }
        return WaitSource.TRANSPORT_BACKOFF;
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

    /** The server's hint that the transport obeys on {@code response}, if any. */
    public Optional<ServerHint> retryAfter(RawResponse response) {
        return signals(response).hints().stream()
                .filter(hint -> WaitDecider.TRANSIENT_HINTS.contains(hint.source()))
                .findFirst();
    }

    private WaitDecision decide(RawResponse response, int retry) {
        return WaitDecider.transientStatus(signals(response), retry, timeSource.now(), maxServerWait, rules);
    }

    private RateLimitSignals signals(RawResponse response) {
        ErrorBody body =
                response.body().length == 0 ? ErrorBody.EMPTY : ErrorBodies.parse(response.body(), response.charset());
        return RateLimitSignals.parse(response.status(), response.headers(), body, timeSource.now());
    }
}
