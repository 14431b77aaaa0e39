package dev.progressivebackoff.client.internal;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WindowQuota;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.pacing.WindowHold;
import dev.progressivebackoff.pacing.WindowRules;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pacer one client sends through: the registry's pacer for the client's key, fed by the client's retry
 * events (a 429's wait cools every request on the key down; a detected tier is adopted). With tier
 * {@code auto} the client does not know the rate yet, so it does not pace until a response reveals the tier
 * (unless another client of the registry already paces the key); with a known tier or an RPM it paces from
 * the first request. An RPM override is kept when tiers are detected: only their concurrency cap is taken.
 * Thread-safe.
 */
public final class ClientPacing implements RetryListener {

    private final PacerRegistry registry;
    private final RateLimitKey key;
    private final TierOverrides overrides;
    private volatile Pacer pacer;
    /** Held while the pacer is created on the first tier detected. */
    private final ReentrantLock activation = new ReentrantLock();

    private ClientPacing(PacerRegistry registry, RateLimitKey key, TierOverrides overrides, Pacer pacer) {
        this.registry = registry;
        this.key = key;
        this.overrides = overrides;
        this.pacer = pacer;
    }

    /**
     * The pacing of a client on {@code key}.
     *
     * @param initial   the tier configured (or the starting guess when {@code tierKnown} is false)
     * @param tierKnown false for tier {@code auto} without an RPM: pacing starts once the tier is detected
     * @param rpm       an RPM that overrides every tier's
     */
    public static ClientPacing create(
            PacerRegistry registry, RateLimitKey key, Tier initial, boolean tierKnown, OptionalInt rpm) {
        return create(registry, key, initial, tierKnown, TierOverrides.ofRpm(rpm));
    }

    /** As {@link #create(PacerRegistry, RateLimitKey, Tier, boolean, OptionalInt)}, with token quotas overridden too. */
    public static ClientPacing create(
            PacerRegistry registry, RateLimitKey key, Tier initial, boolean tierKnown, TierOverrides overrides) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(overrides, "overrides");
        if (!registry.isEnabled()) {
            return new ClientPacing(registry, key, overrides, Pacer.none());
        }
        if (!tierKnown) {
            return new ClientPacing(registry, key, overrides, registry.find(key).orElse(null));
        }
        Tier tier = overrides.apply(initial);
        Pacer shared = registry.pacerFor(key, tier);
        shared.adoptTier(tier);
        return new ClientPacing(registry, key, overrides, shared);
    }

    /**
     * Waits for the pacer's permit to send one request; {@link Permit#NONE} at once while not pacing.
     *
     * @throws InterruptedException if interrupted while waiting; nothing is held then
     */
    public Permit acquire() throws InterruptedException {
        return acquire(0);
    }

    /**
     * Waits for the pacer's permit to send one request of about {@code estimatedTokens} tokens.
     *
     * @throws dev.progressivebackoff.pacing.TokenBudgetExceededException larger than a whole minute's tokens
     * @throws dev.progressivebackoff.pacing.DailyQuotaExhaustedException the day's quota is spent
     * @throws InterruptedException                                        if interrupted while waiting
     */
    public Permit acquire(long estimatedTokens) throws InterruptedException {
        Pacer current = pacer;
        return current == null ? Permit.NONE : current.acquire(estimatedTokens);
    }

    /**
     * Lets the pacer learn from a response's {@code remaining}/{@code reset} headers. A server states its
     * {@code reset} when it admits the request, and the pacer counts it from when it reads the response, so
     * the time the request spent in flight is taken off (otherwise, once the quota is in use, every response
     * would hold the next start for one response latency too long), and a {@linkplain WindowRules#margin
     * margin} is added, which absorbs the jitter between a start here and its admission there.
     *
     * @param permit   the permit the request was sent under
     * @param inFlight how long the request took, from going on the wire to reading the response
     */
    public void observe(Permit permit, RateLimitSignals signals, Duration inFlight) {
        Pacer current = pacer;
        if (current != null && current != Pacer.none()) {
            current.observe(permit, inFlight.isZero() || inFlight.isNegative() ? signals : shifted(signals, inFlight));
        }
    }

    /**
     * As {@link #acquire(long)} without blocking: the future completes on {@code scheduler} when the start comes
     * (at once with {@link Permit#NONE} while not pacing); cancelling it gives the place in the queue up.
     */
    public CompletableFuture<Permit> acquireAsync(long estimatedTokens, ScheduledExecutorService scheduler) {
        Pacer current = pacer;
        return current == null
                ? CompletableFuture.completedFuture(Permit.NONE)
                : current.acquireAsync(estimatedTokens, scheduler);
    }

    /** The signals with every reset counted from the send, per-window figures included. */
    private static RateLimitSignals shifted(RateLimitSignals s, Duration inFlight) {
        if (s.resetRequests().isEmpty()
                && s.resetTokens().isEmpty()
                && s.windows().stream().allMatch(w -> w.reset().isEmpty())) {
            return s;
        }
        return new RateLimitSignals(
                s.status(),
                s.measuredAt(),
                s.hints(),
                s.requestQuota(),
                s.remainingRequests(),
                s.resetRequests().map(reset -> shorter(reset, inFlight)),
                s.tokenQuota(),
                s.remainingTokens(),
                s.resetTokens().map(reset -> shorter(reset, inFlight)),
                s.shouldRetry(),
                s.errorBody(),
                s.classification(),
                s.windows().stream().map(w -> shifted(w, inFlight)).toList());
    }

    private static WindowQuota shifted(WindowQuota w, Duration inFlight) {
        return new WindowQuota(
                w.resource(),
                w.window(),
                w.limit(),
                w.remaining(),
                w.reset().map(reset -> shorter(reset, inFlight)),
                w.header());
    }

    private static Duration shorter(Duration reset, Duration inFlight) {
        Duration left = reset.minus(inFlight);
        return (left.isNegative() ? Duration.ZERO : left).plusNanos(WindowRules.margin(reset.toNanos()));
    }

    /** Feeds the pacer: cool-down on each 429's wait, adopt each detected tier (starting to pace if need be). */
    @Override
    public void onEvent(RetryEvent event) {
        if (event instanceof RetryEvent.TierDetected detected) {
            Tier tier = overrides.apply(detected.tier());
            Pacer current = activate(tier);
            current.asRetryListener()
                    .onEvent(new RetryEvent.TierDetected(tier, detected.previous(), detected.evidence()));
        } else {
            Pacer current = pacer;
            if (current != null) {
                current.asRetryListener().onEvent(event);
            }
        }
    }

    /** The hold a spent window imposes on the key now, if any (see {@link Pacer#windowHold()}). */
    public Optional<WindowHold> windowHold() {
        Pacer current = pacer;
        return current == null ? Optional.empty() : current.windowHold();
    }

    /** True while requests go through a pacer that paces. */
    public boolean isPacing() {
        Pacer current = pacer;
        return current != null && current.state().pacing();
    }

    /** The pacer's state; {@link PacerState#UNPACED} while not pacing. */
    public PacerState state() {
        Pacer current = pacer;
        return current == null ? PacerState.UNPACED : current.state();
    }

    /** The key requests are paced under (never the API key itself). */
    public RateLimitKey key() {
        return key;
    }

    /**
     * The pacer, created at {@code tier} if this is the first the client hears of its tier. A pacer the
     * registry creates now has not seen the request whose response revealed the tier, so that start is
     * recorded in it (a fresh local pacer grants it at once).
     */
    private Pacer activate(Tier tier) {
        Pacer current = pacer;
        if (current != null) {
            return current;
        }
        // a lock, not a monitor: recording the start may be a Redis round trip, which must not pin a virtual thread
        activation.lock();
        try {
            if (pacer == null) {
                boolean fresh = registry.find(key).isEmpty();
                Pacer created = registry.pacerFor(key, tier);
                if (fresh) {
                    recordStart(created);
                }
                pacer = created;
            }
            return pacer;
        } finally {
            activation.unlock();
        }
    }

    private static void recordStart(Pacer created) {
        try {
            created.acquire().close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ClientPacing[" + key + ", " + state() + "]";
    }
}
