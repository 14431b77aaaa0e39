package dev.progressivebackoff.client;

import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.decision.WaitDecision;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.transport.httpclient5.TransportFailures;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The transport's retries of transient failures, for a send another library's HTTP client makes (a
 * {@link RateLimitGuard}'s): the same decisions as {@code HttpClient5Transport}'s — a response by
 * {@link WaitDecider#transientStatus} (its statuses, attempt count, backoff, server hints and maximum server wait;
 * never 429), an I/O failure unless {@link TransportFailures#cannotRecover} says retrying cannot mend it, waiting
 * the computed backoff — told as the same {@link TransportRetryEvent}s. It decides and tells; the caller waits.
 * Immutable and thread-safe.
 */
final class TransientRetries {

    /** Stands for a request whose URI is unknown: a refused connection is then not retried, as to a remote host. */
    private static final URI UNKNOWN = URI.create("https://unknown.invalid/");

    private final TransportRetryRules rules;
    private final Duration maxServerWait;
    private final TimeSource time;
    private final TransportRetryListener listener;

    TransientRetries(
            TransportRetryRules rules, Duration maxServerWait, TimeSource time, TransportRetryListener listener) {
        this.rules = rules;
        this.maxServerWait = maxServerWait;
        this.time = time;
        this.listener = listener;
    }

    /** The client's transport rules, its maximum server wait, clock and transport-retry listener. */
    static TransientRetries of(ClientAssembly.Parts parts) {
        return new TransientRetries(
                parts.settings().transport().retryRules(),
                parts.settings().rateLimit().maxServerWait(),
                parts.timeSource(),
                parts.transportRetries());
    }

    /**
     * After attempt {@code attempt} (1-based) got a response with {@code signals}: the wait before retrying it, told
     * to the listener, or empty to settle on it (a success, a 429, a status not retried, retries spent, or a server
     * hint longer than the maximum server wait).
     */
    Optional<Duration> afterResponse(RateLimitSignals signals, int attempt) {
        WaitDecision decision = WaitDecider.transientStatus(signals, attempt, time.now(), maxServerWait, rules);
        if (!(decision instanceof WaitDecision.Retry retry)) {
            return Optional.empty();
        }
        int status = signals.status();
        tell(new TransportRetryEvent(
                attempt,
                rules.maxRetries(),
                retry.delay(),
                OptionalInt.of(status),
                "HTTP " + status,
                retry.source().isServerHint(),
                retry.source()));
        return Optional.of(retry.delay());
    }

    /**
     * After attempt {@code attempt} (1-based) failed with {@code failure}: the wait before retrying, told to the
     * listener, or empty to give up (retries spent, or a failure no retry mends).
     */
    Optional<Duration> afterFailure(IOException failure, Optional<URI> uri, int attempt) {
        if (attempt > rules.maxRetries() || TransportFailures.cannotRecover(failure, uri.orElse(UNKNOWN))) {
            return Optional.empty();
        }
        Duration computed = rules.computedWait(attempt);
        Duration delay = computed.compareTo(WaitDecider.FLOOR) < 0 ? WaitDecider.FLOOR : computed;
        String message = failure.getMessage();
        tell(new TransportRetryEvent(
                attempt,
                rules.maxRetries(),
                delay,
                OptionalInt.empty(),
                failure.getClass().getSimpleName() + (message == null ? "" : ": " + message),
                false,
                WaitSource.TRANSPORT_BACKOFF));
        return Optional.of(delay);
    }

    private void tell(TransportRetryEvent event) {
        try {
            listener.onRetry(event);
        } catch (RuntimeException ignored) {
            // a listener must never break the request it observes
        }
    }
}
