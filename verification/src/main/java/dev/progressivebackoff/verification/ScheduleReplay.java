package dev.progressivebackoff.verification;

import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.retry.TierTracker;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Replays one rate-limited call: the real {@link RateLimitRetryLoop} with a chosen policy sends to a
 * scripted responder (always 429 unless told otherwise) and waits on a {@link SimulatedClock}, so even the
 * free tier's 21-minute schedule replays in milliseconds. Each {@link #run()} returns a {@link ReplayTrace}.
 *
 * <pre>{@code
 * ReplayTrace trace = ScheduleReplay.documented(DocumentedSchedule.forTier("free")).run();
 * assertThat(trace).followsDocumentedSchedule(DocumentedSchedule.forTier("free"));
 * }</pre>
 *
 * <p>Immutable; each run starts the script from its first response. Unless a clock is given, each run gets
 * a fresh {@link SimulatedClock}. Listeners follow the {@linkplain ListenerErrorHandler listener rule}: one
 * that throws does not change the trace; its exception goes to the listener-error handlers, if any.
 */
public final class ScheduleReplay {

    private final BackoffPolicy policy;
    private final Supplier<TierTracker> tiers;
    private final SimulatedClock clock;
    private final Duration maxServerWait;
    private final List<ScriptedResponse> script;
    private final List<RetryListener> listeners;
    private final List<ListenerErrorHandler<? super RetryEvent>> listenerErrors;
    private final TimeSource wallClock;

    private ScheduleReplay(Builder builder) {
        this.policy = builder.policy;
        this.tiers = Objects.requireNonNull(builder.tiers, "a tier is required (withTier or withTierTracker)");
        this.clock = builder.clock;
        this.maxServerWait = builder.maxServerWait;
        this.script = List.copyOf(builder.script);
        this.listeners = List.copyOf(builder.listeners);
        this.listenerErrors = List.copyOf(builder.listenerErrors);
        this.wallClock = builder.wallClock;
    }

    /** A builder: documented policy, always 429, fresh simulated clock, 900 s maximum server wait. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The replay of a documented schedule: the documented policy, the Moonshot catalog's tier of that
     * name, and a server that always answers 429.
     */
    public static ScheduleReplay documented(DocumentedSchedule schedule) {
        return builder()
                .withTier(TierCatalog.moonshot().require(schedule.tier()))
                .build();
    }

    /**
     * Runs the call once and reports what happened. Every failure of the call (retries exhausted, not
     * retryable, rate limited until, interrupted) ends in a {@link ReplayOutcome.GaveUp}; after an
     * interrupt the thread's interrupt flag stays set, as the retry loop left it.
     */
    public ReplayTrace run() {
        SimulatedClock simulated = clock != null ? clock : new SimulatedClock();
        TierTracker tracker = tiers.get();
        List<RetryEvent> events = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        int sleepsBefore = simulated.sleeps().size();
        Duration virtualStart = simulated.elapsed();
        RateLimitRetryLoop loop = loop(simulated, tracker, events);

        long wallStart = wallClock.nanoTime();
        ReplayOutcome outcome;
        try {
            int status = loop.execute(attempt -> {
                ScriptedResponse response = script.get(Math.min(attempt, script.size()) - 1);
                RateLimitSignals signals = response.signalsAt(simulated.now());
                statuses.add(signals.status());
                return signals.classification().kind() == ResponseKind.SUCCESS
                        ? new ExchangeResult<>(signals, signals.status())
                        : ExchangeResult.withoutValue(signals);
            });
            outcome = new ReplayOutcome.Succeeded(status);
        } catch (ProgressiveBackoffException stopped) {
            outcome = new ReplayOutcome.GaveUp(String.valueOf(stopped.getMessage()), stopped);
        }
        Duration wallTime = Duration.ofNanos(wallClock.nanoTime() - wallStart);

        List<ReplayWait> waits = events.stream()
                .filter(RetryEvent.RateLimited.class::isInstance)
                .map(RetryEvent.RateLimited.class::cast)
                .map(e -> new ReplayWait(e.retry(), e.delay(), e.source()))
                .toList();
        List<Duration> allSleeps = simulated.sleeps();
        return new ReplayTrace(
                tracker.current(),
                waits,
                allSleeps.subList(sleepsBefore, allSleeps.size()),
                attempts(statuses, waits),
                events,
                outcome,
                simulated.elapsed().minus(virtualStart),
                wallTime);
    }

    /** The retry loop on the simulated clock, telling {@code events} and then the builder's listeners. */
    private RateLimitRetryLoop loop(SimulatedClock simulated, TierTracker tracker, List<RetryEvent> events) {
        RateLimitRetryLoop.Builder loopBuilder = RateLimitRetryLoop.builder()
                .withPolicy(policy)
                .withTierTracker(tracker)
                .withTimeSource(simulated)
                .withSleeper(simulated)
                .withMaxServerWait(maxServerWait)
                .onEvent(events::add);
        listeners.forEach(loopBuilder::onEvent);
        listenerErrors.forEach(loopBuilder::onListenerError);
        return loopBuilder.build();
    }

    private static List<AttemptRecord> attempts(List<Integer> statuses, List<ReplayWait> waits) {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            int attempt = i + 1;
            ReplayWait after =
                    waits.stream().filter(w -> w.retry() == attempt).findFirst().orElse(null);
            attempts.add(
                    after == null
                            ? new AttemptRecord(attempt, statuses.get(i), Duration.ZERO, WaitSource.NONE)
                            : new AttemptRecord(attempt, statuses.get(i), after.delay(), after.source()));
        }
        return attempts;
    }

    /** Configures a {@link ScheduleReplay}; not thread-safe. Every method validates at once. */
    public static final class Builder {
        private BackoffPolicy policy = TierAwareExponentialBackoff.documented();
        private Supplier<TierTracker> tiers;
        private SimulatedClock clock;
        private Duration maxServerWait = RateLimitRetryLoop.DEFAULT_MAX_SERVER_WAIT;
        private List<ScriptedResponse> script = List.of(ScriptedResponse.rateLimited());
        private final List<RetryListener> listeners = new ArrayList<>();
        private final List<ListenerErrorHandler<? super RetryEvent>> listenerErrors = new ArrayList<>();
        private TimeSource wallClock = SystemTimeSource.INSTANCE;

        private Builder() {}

        /** The policy under test; the documented one by default. */
        public Builder withPolicy(BackoffPolicy newPolicy) {
            this.policy = Objects.requireNonNull(newPolicy, "policy");
            return this;
        }

        /** A fixed tier. */
        public Builder withTier(Tier tier) {
            Objects.requireNonNull(tier, "tier");
            this.tiers = () -> TierTracker.fixed(tier);
            return this;
        }

        /** A fresh tier tracker per run, e.g. one that detects the tier from the scripted responses. */
        public Builder withTierTracker(Supplier<TierTracker> newTracker) {
            this.tiers = Objects.requireNonNull(newTracker, "tracker");
            return this;
        }

        /** The clock to wait on; by default each run gets a fresh {@link SimulatedClock}. */
        public Builder withClock(SimulatedClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** The retry loop's maximum server wait (900 s by default). */
        public Builder withMaxServerWait(Duration max) {
            Objects.requireNonNull(max, "max");
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxServerWait must not be negative: " + max);
            }
            this.maxServerWait = max;
            return this;
        }

        /** The responses, in order; the last one repeats once the script runs out. */
        public Builder withResponses(ScriptedResponse... responses) {
            return withResponses(List.of(responses));
        }

        /** The responses, in order; the last one repeats once the script runs out. */
        public Builder withResponses(List<ScriptedResponse> responses) {
            if (responses.isEmpty()) {
                throw new IllegalArgumentException("a script needs at least one response");
            }
            this.script = List.copyOf(responses);
            return this;
        }

        /**
         * Adds a listener told about every retry event (e.g. to print the documented log lines); listeners
         * run in the order added.
         */
        public Builder onEvent(RetryListener added) {
            listeners.add(Objects.requireNonNull(added, "listener"));
            return this;
        }

        /** Adds a handler told of every exception a listener throws; without one, they are ignored. */
        public Builder onListenerError(ListenerErrorHandler<? super RetryEvent> added) {
            listenerErrors.add(Objects.requireNonNull(added, "handler"));
            return this;
        }

        /** Where the replay's own real duration is measured; the system clock by default. */
        public Builder withWallClock(TimeSource newWallClock) {
            this.wallClock = Objects.requireNonNull(newWallClock, "wallClock");
            return this;
        }

        /** The replay. */
        public ScheduleReplay build() {
            return new ScheduleReplay(this);
        }
    }
}
