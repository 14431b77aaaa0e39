package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.pacer.redis.internal.ConcurrencyGate;
import dev.progressivebackoff.pacing.Permit;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A permit from a {@link RedisPacer}: the start it was given and this process's concurrency slot. Call
 * {@link #markSent()} as the request goes on the wire, and close the permit when the request ends; closing
 * twice is harmless. Thread-safe.
 */
public final class RedisPermit implements Permit {

    private final RedisPacer owner;
    private final ConcurrencyGate gate;
    private final Permit local;
    private final long startMicros;
    private final long grantedNanos;
    private final long leadNanos;
    private final long sequence;
    private final boolean counted;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long sentMicros;
    /** When the permit was handed to its caller, on the local clock: from then on, sending is up to the caller. */
    private volatile long handedNanos;

    private volatile boolean observed;
    /** The token reservation made for this start on Redis; 0 for none. */
    private volatile long reservation;
    /** The re-anchoring of the key's schedule at this request's send, on its way to Redis; done if none. */
    private volatile CompletableFuture<Void> reanchored = CompletableFuture.completedFuture(null);

    private RedisPermit(
            RedisPacer owner,
            ConcurrencyGate gate,
            Permit local,
            long startMicros,
            long grantedNanos,
            long leadNanos,
            long sequence,
            boolean counted) {
        this.owner = owner;
        this.gate = gate;
        this.local = local;
        this.startMicros = startMicros;
        this.grantedNanos = grantedNanos;
        this.leadNanos = leadNanos;
        this.handedNanos = grantedNanos;
        this.sequence = sequence;
        this.counted = counted;
        this.sentMicros = startMicros;
    }

    /**
     * A start Redis granted at {@code startMicros} (its clock; {@code grantedNanos} on the local one), numbered
     * {@code sequence}, {@code leadNanos} before its request was expected on the wire.
     */
    static RedisPermit coordinated(
            RedisPacer owner,
            ConcurrencyGate gate,
            long startMicros,
            long grantedNanos,
            long leadNanos,
            long sequence,
            boolean counted) {
        return new RedisPermit(owner, gate, null, startMicros, grantedNanos, leadNanos, sequence, counted);
    }

    /** A start paced by the local fallback, Redis being unavailable. */
    static RedisPermit local(RedisPacer owner, ConcurrencyGate gate, Permit local) {
        return new RedisPermit(owner, gate, local, -1, 0, 0, 0, false);
    }

    /**
     * When Redis granted this start, on the Redis server's clock; empty when the start was
     * paced locally because Redis was unavailable.
     */
    public Optional<Instant> scheduledStart() {
        return coordinated() ? Optional.of(instantOf(startMicros)) : Optional.empty();
    }

    /** True if the start came from the schedule shared through Redis, false if it was paced locally. */
    public boolean coordinated() {
        return local == null;
    }

    /**
     * Tells the pacer that the request is going on the wire now. For a start paced through Redis, the next
     * start of every process sharing the key then comes no sooner than one interval after now (told to Redis
     * without waiting for its reply, so the request is not held back), so a request that leaves late (a new
     * connection) cannot make another process's next request reach the server early. A start let through by
     * a window's announced count moves nothing (as in the local pacer) and costs no round trip.
     */
    @Override
    public void markSent() {
        if (local != null) {
            local.markSent();
        } else {
            owner.sent(this);
        }
    }

    /**
     * Settles the tokens reserved for this request, for every process sharing the key, to what it used (one
     * round trip to Redis); nothing when none were reserved.
     */
    @Override
    public void settle(long usedTokens) {
        if (local != null) {
            local.settle(usedTokens);
        }
        if (reservation > 0) {
            owner.settle(this, usedTokens);
        }
    }

    /** Ends the request: frees the concurrency slot. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                if (local != null) {
                    local.close();
                } else if (!observed) {
                    owner.ended(sequence);
                }
            } finally {
                gate.leave();
            }
        }
    }

    RedisPacer owner() {
        return owner;
    }

    /** The local fallback's permit, or null for a start paced through Redis. */
    Permit localPermit() {
        return local;
    }

    long startMicros() {
        return startMicros;
    }

    /** When Redis granted this start, on the local clock (the reply's lateness counted). */
    long grantedNanos() {
        return grantedNanos;
    }

    long handedNanos() {
        return handedNanos;
    }

    void handedAt(long nanos) {
        handedNanos = nanos;
    }

    /** How long after the grant its request was expected on the wire: the lead it was granted by. */
    long leadNanos() {
        return leadNanos;
    }

    /** The grant's number among every grant on the key; 0 for a local start. */
    long sequence() {
        return sequence;
    }

    /** True if a window's announced count let this start through without spacing. */
    boolean counted() {
        return counted;
    }

    /** When the request went on the wire, on the Redis clock: the start until {@link #markSent()} says. */
    long sentMicros() {
        return sentMicros;
    }

    void sentAt(long micros) {
        sentMicros = micros;
    }

    void reanchoring(CompletableFuture<Void> onRedis) {
        reanchored = onRedis;
    }

    /** Completes once Redis re-anchored the key's schedule at this request's send (at once if it needs not). */
    CompletableFuture<Void> reanchored() {
        return reanchored;
    }

    /** The token reservation made for this start on Redis; 0 for none. */
    long reservation() {
        return reservation;
    }

    void reserved(long number) {
        reservation = number;
    }

    /** Redis has seen the response to this grant: it is no longer in flight there. */
    void observed() {
        observed = true;
    }

    @Override
    public String toString() {
        return coordinated()
                ? "RedisPermit[start " + instantOf(startMicros) + ", #" + sequence + "]"
                : "RedisPermit[local]";
    }

    private static Instant instantOf(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1000L);
    }
}
