package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.decision.DecisionContext;
import dev.progressivebackoff.core.decision.DecisionSettings;
import dev.progressivebackoff.core.decision.GiveUpKind;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.decision.WaitDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One call of a {@link RateLimitRetryLoop}, blocking or asynchronous alike: after each send it records the attempt,
 * asks the {@link WaitDecider} and tells the listeners, and says whether the call succeeded, must wait (how long)
 * or stops (it throws). The blocking loop sleeps the wait, the asynchronous one schedules it: the decisions,
 * events and exceptions are the same. Steps run one after another (never two at once), possibly on different
 * threads; the attempt list may be read from any thread.
 */
final class LoopCall {

    private final BackoffPolicy policy;
    private final TierTracker tiers;
    private final TimeSource timeSource;
    private final DecisionSettings settings;
    /** The loop's listeners, and the call's own after them. */
    private final Listeners<RetryListener, RetryEvent> listeners;
    /** Which failures of a send are the transport's (told as a give-up). */
    private final Predicate<? super Throwable> transportFailures;

    private final List<AttemptRecord> attempts = new CopyOnWriteArrayList<>();
    private final long startNanos;
    private volatile Duration totalWait = Duration.ZERO;
    private volatile Duration previousWait = Duration.ZERO;

    LoopCall(
            BackoffPolicy policy,
            TierTracker tiers,
            TimeSource timeSource,
            DecisionSettings settings,
            Listeners<RetryListener, RetryEvent> listeners,
            Predicate<? super Throwable> transportFailures) {
        this.policy = policy;
        this.tiers = tiers;
        this.timeSource = timeSource;
        this.settings = settings;
        this.listeners = listeners;
        this.transportFailures = transportFailures;
        this.startNanos = timeSource.nanoTime();
    }

    /**
     * Takes the result of send {@code attempt}.
     *
     * @return empty when the call succeeded (the value is the result's), else the wait before the next send
     * @throws RetriesExhaustedException, NotRetryableException, RateLimitedUntilException as the loop documents
     */
    Optional<Duration> after(int attempt, ExchangeResult<?> result) {
        RateLimitSignals signals = result.signals();
        tiers.observe(signals).ifPresent(this::emit);
        switch (signals.classification().kind()) {
            case SUCCESS -> {
                attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
                emit(new RetryEvent.Succeeded(attempt, totalWait));
                return Optional.empty();
            }
            case RATE_LIMITED -> {
                Duration wait = waitOutRateLimit(attempt, signals);
                previousWait = wait;
                totalWait = totalWait.plus(wait);
                return Optional.of(wait);
            }
            default -> throw notRetried(signals, attempt);
        }
    }

    /** A 429: asks the {@link WaitDecider}, then gives up (throwing) or returns the wait decided. */
    private Duration waitOutRateLimit(int attempt, RateLimitSignals signals) {
        Tier tier = tiers.current();
        Duration elapsed = Duration.ofNanos(timeSource.nanoTime() - startNanos);
        WaitDecision decision = WaitDecider.decide(
                signals, new DecisionContext(attempt, tier, elapsed, previousWait, timeSource.now()), settings);
        if (decision instanceof WaitDecision.GiveUp giveUp) {
            attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
            RuntimeException stop = giveUp.kind() == GiveUpKind.UNAVAILABLE_UNTIL
                    ? unavailable(giveUp)
                    : new RetriesExhaustedException(giveUp.reason(), attempts);
            emit(new RetryEvent.GaveUp(
                    stop.getMessage(),
                    attempts,
                    stop instanceof RateLimitedUntilException
                            ? RetryEvent.GaveUp.Cause.RATE_LIMITED_UNTIL
                            : RetryEvent.GaveUp.Cause.RETRIES_EXHAUSTED,
                    Optional.of(tier)));
            throw stop;
        }
        WaitDecision.Retry retry = (WaitDecision.Retry) decision;
        attempts.add(new AttemptRecord(attempt, signals.status(), retry.delay(), retry.source()));
        emit(new RetryEvent.RateLimited(attempt, policy.maxRetries(), retry.delay(), retry.source(), tier, signals));
        return retry.delay();
    }

    /** Any other status that reached the loop ends the call: typed when the server is unavailable for too long. */
    private RuntimeException notRetried(RateLimitSignals signals, int attempt) {
        attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
        WaitDecision decision = WaitDecider.decide(
                signals,
                new DecisionContext(1, tiers.current(), Duration.ZERO, Duration.ZERO, timeSource.now()),
                settings);
        RuntimeException stop =
                decision instanceof WaitDecision.GiveUp giveUp && giveUp.kind() == GiveUpKind.UNAVAILABLE_UNTIL
                        ? unavailable(giveUp)
                        : new NotRetryableException(
                                signals.status(),
                                signals.classification().reason(),
                                signals.serverMessage().orElse(null),
                                attempts);
        boolean notRetryable = stop instanceof NotRetryableException;
        emit(new RetryEvent.GaveUp(
                notRetryable ? signals.classification().reason() : stop.getMessage(),
                attempts,
                notRetryable ? RetryEvent.GaveUp.Cause.NOT_RETRYABLE : RetryEvent.GaveUp.Cause.RATE_LIMITED_UNTIL,
                Optional.of(tiers.current())));
        return stop;
    }

    private RateLimitedUntilException unavailable(WaitDecision.GiveUp giveUp) {
        if (giveUp.source().isServerHint()) {
            return new RateLimitedUntilException(
                    giveUp.until().orElseThrow(),
                    giveUp.requested().orElseThrow(),
                    settings.maxServerWait(),
                    giveUp.source(),
                    attempts);
        }
        return new RateLimitedUntilException(
                giveUp.reason(),
                giveUp.until().orElseThrow(),
                giveUp.requested().orElseThrow(),
                settings.maxServerWait(),
                giveUp.source(),
                attempts);
    }

    /** Restores the interrupt flag, tells the listeners and returns the exception to throw. */
    RetryInterruptedException interrupted(InterruptedException cause) {
        Thread.currentThread().interrupt();
        RetryInterruptedException stopped = new RetryInterruptedException(attempts, cause);
        emit(new RetryEvent.GaveUp(
                stopped.getMessage(), attempts, RetryEvent.GaveUp.Cause.INTERRUPTED, Optional.of(tiers.current())));
        return stopped;
    }

    /** The caller cancelled an asynchronous call: the listeners hear that it gave up. */
    void cancelled() {
        emit(new RetryEvent.GaveUp(
                "cancelled after " + attempts.size() + " attempt(s)",
                attempts,
                RetryEvent.GaveUp.Cause.CANCELLED,
                Optional.of(tiers.current())));
    }

    /**
     * Send {@code attempt} threw: when {@code failure} is a transport failure (as the loop was told), the attempt is
     * recorded without a status and the listeners hear that the call gave up; any other failure is not told.
     */
    void sendFailed(int attempt, Throwable failure) {
        if (!transportFailures.test(failure)) {
            return;
        }
        attempts.add(new AttemptRecord(attempt, 0, Duration.ZERO, WaitSource.NONE));
        String message = failure.getMessage();
        emit(new RetryEvent.GaveUp(
                message == null ? failure.getClass().getSimpleName() : message,
                attempts,
                RetryEvent.GaveUp.Cause.TRANSPORT_FAILURE,
                Optional.of(tiers.current())));
    }

    /** Tells the listeners under the listener rule: nothing they throw reaches the call. */
    private void emit(RetryEvent event) {
        listeners.tell(event);
    }
}
