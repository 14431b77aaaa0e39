package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Sends a request and, on each retryable 429, asks the policy, tells the listeners, sleeps through the
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
    public static final Duration DEFAULT_MAX_SERVER_WAIT = Duration.ofSeconds(900);

    private final BackoffPolicy policy;
    private final TierTracker tiers;
    private final TimeSource timeSource;
    private final Sleeper sleeper;
    private final Duration maxServerWait;
    private final Listeners<RetryListener, RetryEvent> listeners;

    private RateLimitRetryLoop(Builder builder) {
        this.policy = Objects.requireNonNull(builder.policy, "a backoff policy is required (withPolicy)");
        this.tiers = Objects.requireNonNull(builder.tiers, "a tier is required (withTier or withTierTracker)");
        this.timeSource = builder.timeSource;
        this.sleeper = builder.sleeper;
        this.maxServerWait = builder.maxServerWait;
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
                default -> {
                    attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
                    String reason = signals.classification().reason();
                    emit(new RetryEvent.GaveUp(reason, attempts));
                    throw new NotRetryableException(
                            signals.status(), reason, signals.serverMessage().orElse(null), attempts);
                }
            }
        }
    }

    /**
     * A 429: asks the policy, then gives up (throwing) or waits as decided.
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
        BackoffDecision decision = attempt > policy.maxRetries()
                ? BackoffDecision.giveUp(policy.retriesExhaustedReason())
                : policy.decide(new RetryContext(attempt, tier, signals, elapsed, previousWait));
        if (decision instanceof BackoffDecision.GiveUp giveUp) {
            attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
            emit(new RetryEvent.GaveUp(giveUp.reason(), attempts));
            throw new RetriesExhaustedException(giveUp.reason(), attempts);
        }
        BackoffDecision.Retry retry = (BackoffDecision.Retry) decision;
        Duration asked = serverAsked(retry, signals);
        if (retry.source().isServerHint() && asked.compareTo(maxServerWait) > 0) {
            attempts.add(new AttemptRecord(attempt, signals.status(), Duration.ZERO, WaitSource.NONE));
            RateLimitedUntilException tooLong = new RateLimitedUntilException(
                    timeSource.now().plus(asked), asked, maxServerWait, retry.source(), attempts);
            emit(new RetryEvent.GaveUp(tooLong.getMessage(), attempts));
            throw tooLong;
        }
        attempts.add(new AttemptRecord(attempt, signals.status(), retry.delay(), retry.source()));
        emit(new RetryEvent.RateLimited(attempt, policy.maxRetries(), retry.delay(), retry.source(), tier, signals));
        sleep(retry.delay(), attempts);
        return retry.delay();
    }

    /**
     * The wait the server itself asked for with the hint the policy followed: a policy may spread a hint
     * upward, but only the server's own request is measured against the maximum server wait.
     */
    private static Duration serverAsked(BackoffDecision.Retry retry, RateLimitSignals signals) {
        return signals.hints().stream()
                .filter(hint -> hint.source() == retry.source())
                .map(ServerHint::delay)
                .findFirst()
                .orElse(retry.delay());
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
        emit(new RetryEvent.GaveUp(stopped.getMessage(), attempts));
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
