package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Listeners;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.decision.DecisionSettings;
import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Sends a request and, on each retryable 429, asks the {@link WaitDecider} (which asks the policy), tells the listeners, sleeps through the
 * {@link Sleeper} and sends it again; {@link #executeAsync} does the same without blocking, scheduling each wait. Immutable and thread-safe: each {@link #execute} call keeps its
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
    private final List<RetryListener> listenerList;
    private final List<ListenerErrorHandler<? super RetryEvent>> listenerErrors;
    private final Predicate<? super Throwable> transportFailures;

    private RateLimitRetryLoop(Builder builder) {
        this.policy = Objects.requireNonNull(builder.policy, "a backoff policy is required (withPolicy)");
        this.tiers = Objects.requireNonNull(builder.tiers, "a tier is required (withTier or withTierTracker)");
        this.timeSource = builder.timeSource;
        this.sleeper = builder.sleeper;
        this.settings = new DecisionSettings(policy, builder.maxServerWait, builder.transportRules);
        this.listenerList = List.copyOf(builder.listeners);
        this.listenerErrors = List.copyOf(builder.listenerErrors);
        this.listeners = Listeners.of(listenerList, RetryListener::onEvent, listenerErrors);
        this.transportFailures = builder.transportFailures;
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
        LoopCall call = call(listeners);
        for (int attempt = 1; ; attempt++) {
            ExchangeResult<T> result = send(exchange, attempt, call);
            Optional<Duration> wait = call.after(attempt, result);
            if (wait.isEmpty()) {
                return result.value();
            }
            sleep(wait.get(), call);
        }
    }

    /**
     * Runs the exchange asynchronously until it succeeds or must stop: the same decisions, events and exceptions as
     * {@link #execute}, but each wait is scheduled on {@code scheduler} (no thread sleeps or blocks) and the first
     * send starts on the caller's thread. Cancelling the returned future cancels the pending wait or the send in
     * flight; nothing is sent after it, and the listeners hear a {@link RetryEvent.GaveUp}.
     *
     * @param exchange  one asynchronous send of the request
     * @param scheduler where the waits are scheduled (its time is the waits' time: the loop's
     *                  {@linkplain Builder#withTimeSource time source} should agree with it)
     * @param <T>       the success value
     * @return the success value's future; it fails with what a send failed with, or with
     *         {@link RetriesExhaustedException}, {@link NotRetryableException} or {@link RateLimitedUntilException}
     */
    public <T> CompletableFuture<T> executeAsync(AsyncExchange<T> exchange, ScheduledExecutorService scheduler) {
        return executeAsync(exchange, scheduler, RetryListener.NONE);
    }

    /**
     * As {@link #executeAsync(AsyncExchange, ScheduledExecutorService)}, with {@code callListener} also hearing this
     * call's events (after the loop's listeners, under the same listener rule): per-call statistics without a
     * loop per call. Events are told on whichever thread completes a send or runs a scheduled wait.
     */
    public <T> CompletableFuture<T> executeAsync(
            AsyncExchange<T> exchange, ScheduledExecutorService scheduler, RetryListener callListener) {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(callListener, "callListener");
        Listeners<RetryListener, RetryEvent> told = callListener == RetryListener.NONE
                ? listeners
                : Listeners.of(
                        Stream.concat(listenerList.stream(), Stream.of(callListener))
                                .toList(),
                        RetryListener::onEvent,
                        listenerErrors);
        return new AsyncLoopRun<>(exchange, scheduler, call(told)).start().future();
    }

    private LoopCall call(Listeners<RetryListener, RetryEvent> told) {
        return new LoopCall(policy, tiers, timeSource, settings, told, transportFailures);
    }

    private <T, E extends Exception> ExchangeResult<T> send(
            RateLimitedExchange<T, E> exchange, int attempt, LoopCall call) throws E {
        try {
            return Objects.requireNonNull(exchange.send(attempt), "the exchange returned no result");
        } catch (InterruptedException interrupted) {
            throw call.interrupted(interrupted);
        } catch (Exception failure) {
            call.sendFailed(attempt, failure);
            throw failure;
        }
    }

    private void sleep(Duration wait, LoopCall call) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            throw call.interrupted(interrupted);
        }
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
        private Predicate<? super Throwable> transportFailures = failure -> false;

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

        /**
         * Which exceptions of a send are the transport's failures (no response: I/O failures through every transport
         * retry), e.g. {@code TransportException.class::isInstance}: the call then ends with a
         * {@link RetryEvent.GaveUp} of cause {@link RetryEvent.GaveUp.Cause#TRANSPORT_FAILURE} (the failed send an
         * attempt of status 0) before the exception reaches the caller. Other exceptions of a send end the call
         * untold. None by default.
         */
        public Builder withTransportFailures(Predicate<? super Throwable> isTransportFailure) {
            this.transportFailures = Objects.requireNonNull(isTransportFailure, "isTransportFailure");
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
