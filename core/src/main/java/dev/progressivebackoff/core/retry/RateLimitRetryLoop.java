package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.decision.DecisionContext;
import dev.progressivebackoff.core.decision.DecisionSettings;
import dev.progressivebackoff.core.decision.GiveUpKind;
import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.decision.WaitDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Sends a request and, on each retryable 429, asks the {@link WaitDecider} (which asks the policy), tells the listeners, sleeps through the
 * {@link Sleeper} and sends it again. Immutable and thread-safe: each {@link #execute} call keeps its
 * own attempt list.
 *
 * <p>Server hints longer than {@link Builder#withMaxServerWait the maximum server wait} are not obeyed:
 * the call fails at once with {@link RateLimitedUntilException}.
 *
 * <p>Listeners follow the {@linkplain ListenerErrorHandler listener rule}: one that throws never changes
 * the outcome of the call; its exception goes to the
 * {@linkplain Builder#onListenerError(ListenerErrorHandler) listener-error handlers} (none by default: it is
 * ignored).
 */
public final class RateLimitRetryLoop {

    /** The longest server-requested wait obeyed by default: 900 s. */
    public static final Duration DEFAULT_MAX_SERVER_WAIT = DecisionSettings.DEFAULT_MAX_SERVER_WAIT;

    private final BackoffPolicy policy;
    private final TierTracker tiers;
    private final TimeSource timeSource;
    private final Sleeper sleeper;
    private final DecisionSettings settings;
    private final Listeners<RetryListener, RetryEvent> listeners;

    private RateLimitRetryLoop(Builder builder) {
        this.policy = Objects.requireNonNull(builder.policy, "a backoff policy is required (withPolicy)");
        this.tiers = Objects.requireNonNull(builder.tiers, "a tier is required (withTier or withTierTracker)");
        this.timeSource = builder.timeSource;
        this.sleeper = builder.sleeper;
        this.settings = new DecisionSettings(policy, builder.maxServerWait, builder.transportRules);
        this.listeners = Listeners.of(builder.listeners, RetryListener::onEvent, builder.listenerErrors);
    }

    /** A builder with the system clock, a 900 s maximum server wait and no listeners. */
    public static Builder builder() {
        return new Builder();
    }

    /** The policy in use. */
    public BackoffPolicy policy() {
        return policy;
    }

    /** The tier tracker in use. */
    public TierTracker tiers() {
        return tiers;
    }

    /**
     * Runs the exchange until it succeeds or must stop.
     *
     * @param exchange one send of the request
     * @param <T>      the success value
     * @param <E>      the checked exception a send may throw; it reaches the caller unchanged
     * @return the success value
     * @throws E                          a send threw it (the loop stops at once)
     * @throws RetriesExhaustedException  every allowed retry got a 429
     * @throws NotRetryableException      the response cannot be fixed by retrying
     * @throws RateLimitedUntilException  the server asked for more than the maximum server wait
     * @throws RetryInterruptedException  the thread was interrupted (the flag is set again)
     */
    public <T, E extends Exception> T execute(RateLimitedExchange<T, E> exchange) throws E {
        List<AttemptRecord> attempts = new ArrayList<>();
        long startNanos = timeSource.nanoTime();
        Duration totalWait = Duration.ZERO;
        Duration previousWait = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            ExchangeResult<T> result = send(exchange, attempt, attempts);
            RateLimitSignals signals = result.signals();
            tiers.observe(signals).ifPresent(this::emit);
            switch (signals.classification().kind()) {
                case SUCCESS -> {
                    attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
                    emit(new RetryEvent.Succeeded(attempt, totalWait));
                    return result.value();
                }
                case RATE_LIMITED -> {
                    previousWait = waitOutRateLimit(attempt, signals, startNanos, previousWait, attempts);
                    totalWait = totalWait.plus(previousWait);
                }
                default -> throw notRetried(attempt, signals, attempts);
            }
        }
    }

    /**
     * A 429: asks the {@link WaitDecider}, then gives up (throwing) or waits as decided.
     *
     * @return the wait
     */
    private Duration waitOutRateLimit(
            int attempt,
            RateLimitSignals signals,
            long startNanos,
            Duration previousWait,
            List<AttemptRecord> attempts) {
        Tier tier = tiers.current();
        Duration elapsed = Duration.ofNanos(timeSource.nanoTime() - startNanos);
        WaitDecision decision = WaitDecider.decide(
                signals, new DecisionContext(attempt, tier, elapsed, previousWait, timeSource.now()), settings);
        if (decision instanceof WaitDecision.GiveUp giveUp) {
            attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
            RuntimeException stop = giveUp.kind() == GiveUpKind.UNAVAILABLE_UNTIL
                    ? unavailable(giveUp, attempts)
                    : new RetriesExhaustedException(giveUp.reason(), attempts);
            emit(new RetryEvent.GaveUp(
                    stop.getMessage(),
                    attempts,
                    stop instanceof RateLimitedUntilException
                            ? RetryEvent.GaveUp.Cause.RATE_LIMITED_UNTIL
                            : RetryEvent.GaveUp.Cause.RETRIES_EXHAUSTED));
            throw stop;
        }
        WaitDecision.Retry retry = (WaitDecision.Retry) decision;
        attempts.add(new AttemptRecord(attempt, signals.status(), retry.delay(), retry.source()));
        emit(new RetryEvent.RateLimited(attempt, policy.maxRetries(), retry.delay(), retry.source(), tier, signals));
        sleep(retry.delay(), attempts);
        return retry.delay();
    }

    /** Any other status that reached the loop ends the call: typed when the server is unavailable for too long. */
    private RuntimeException notRetried(int attempt, RateLimitSignals signals, List<AttemptRecord> attempts) {
        attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
        WaitDecision decision = WaitDecider.decide(
                signals,
                new DecisionContext(1, tiers.current(), Duration.ZERO, Duration.ZERO, timeSource.now()),
                settings);
        RuntimeException stop =
                decision instanceof WaitDecision.GiveUp giveUp && giveUp.kind() == GiveUpKind.UNAVAILABLE_UNTIL
                        ? unavailable(giveUp, attempts)
                        : new NotRetryableException(
                                signals.status(),
                                signals.classification().reason(),
                                signals.serverMessage().orElse(null),
                                attempts);
        boolean notRetryable = stop instanceof NotRetryableException;
        emit(new RetryEvent.GaveUp(
                notRetryable ? signals.classification().reason() : stop.getMessage(),
                attempts,
                notRetryable ? RetryEvent.GaveUp.Cause.NOT_RETRYABLE : RetryEvent.GaveUp.Cause.RATE_LIMITED_UNTIL));
        return stop;
    }

    private RateLimitedUntilException unavailable(WaitDecision.GiveUp giveUp, List<AttemptRecord> attempts) {
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

    private <T, E extends Exception> ExchangeResult<T> send(
            RateLimitedExchange<T, E> exchange, int attempt, List<AttemptRecord> attempts) throws E {
        try {
            return Objects.requireNonNull(exchange.send(attempt), "the exchange returned no result");
        } catch (InterruptedException interrupted) {
            throw interrupted(attempts, interrupted);
        }
    }

    private void sleep(Duration wait, List<AttemptRecord> attempts) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            throw interrupted(attempts, interrupted);
        }
    }

    /** Restores the interrupt flag, tells the listeners and returns the exception to throw. */
    private RetryInterruptedException interrupted(List<AttemptRecord> attempts, InterruptedException cause) {
        Thread.currentThread().interrupt();
        RetryInterruptedException stopped = new RetryInterruptedException(attempts, cause);
        emit(new RetryEvent.GaveUp(stopped.getMessage(), attempts, RetryEvent.GaveUp.Cause.INTERRUPTED));
        return stopped;
    }

    /** Tells the listeners under the listener rule: nothing they throw reaches the call. */
    private void emit(RetryEvent event) {
        listeners.tell(event);
    }

    /** Configures a {@link RateLimitRetryLoop}; not thread-safe. Every method validates at once. */
    public static final class Builder {
        private BackoffPolicy policy;
        private TierTracker tiers;
        private TimeSource timeSource = SystemTimeSource.INSTANCE;
        private Sleeper sleeper = SystemSleeper.INSTANCE;
        private Duration maxServerWait = DEFAULT_MAX_SERVER_WAIT;
        private TransportRetryRules transportRules = TransportRetryRules.DEFAULTS;
        private final List<RetryListener> listeners = new ArrayList<>();
        private final List<ListenerErrorHandler<? super RetryEvent>> listenerErrors = new ArrayList<>();

        private Builder() {}

        /** The policy that decides waits. Required. */
        public Builder withPolicy(BackoffPolicy newPolicy) {
            this.policy = Objects.requireNonNull(newPolicy, "policy");
            return this;
        }

        /** A fixed tier (no detection). */
        public Builder withTier(Tier tier) {
            this.tiers = TierTracker.fixed(tier);
            return this;
        }

        /** A shared tier tracker, possibly detecting. */
        public Builder withTierTracker(TierTracker tracker) {
            this.tiers = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /** Where elapsed time and "until" instants are read. */
        public Builder withTimeSource(TimeSource newTimeSource) {
            this.timeSource = Objects.requireNonNull(newTimeSource, "timeSource");
            return this;
        }

        /** How the loop waits. */
        public Builder withSleeper(Sleeper newSleeper) {
            this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
            return this;
        }

        /** The longest server-requested wait to obey; longer ones fail with {@link RateLimitedUntilException}. */
        public Builder withMaxServerWait(Duration max) {
            Objects.requireNonNull(max, "max");
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxServerWait must not be negative: " + max);
            }
            this.maxServerWait = max;
            return this;
        }

        /**
         * The transport's retry rules, so that the loop's account of a transient status that reached it agrees
         * with the transport's (the defaults unless the transport was configured otherwise).
         */
        public Builder withTransportRules(TransportRetryRules rules) {
            this.transportRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** Adds a listener; listeners run in the order added, and one that throws does not stop the next. */
        public Builder onEvent(RetryListener added) {
            listeners.add(Objects.requireNonNull(added, "listener"));
            return this;
        }

        /**
         * Adds a handler told of every exception a listener throws (it never reaches the caller); handlers
         * run in the order added. Without one, such exceptions are ignored.
         */
        public Builder onListenerError(ListenerErrorHandler<? super RetryEvent> added) {
            listenerErrors.add(Objects.requireNonNull(added, "handler"));
            return this;
        }

        /**
         * Adds a handler that is not told which listener threw.
         *
         * @deprecated use {@link #onListenerError(ListenerErrorHandler)}, whose handler can name the listener
         */
        @Deprecated
        public Builder onListenerError(BiConsumer<RetryEvent, RuntimeException> added) {
            Objects.requireNonNull(added, "handler");
            return onListenerError((listener, event, failure) -> added.accept(event, failure));
        }

        /** The loop. */
        public RateLimitRetryLoop build() {
            return new RateLimitRetryLoop(this);
        }
    }
}
