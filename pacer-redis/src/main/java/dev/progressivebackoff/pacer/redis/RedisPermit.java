package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.backoff.pacing.Permit;
import dev.progressivebackoff.pacer.redis.internal.ConcurrencyGate;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A permit from a {@link RedisPacer}: the start it was given and this process's concurrency slot. Close it
 * when the request ends; closing twice is harmless.
 */
public final class RedisPermit implements Permit {

    private final ConcurrencyGate gate;
    private final Permit local;
    private final Instant scheduledStart;
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisPermit(ConcurrencyGate gate, Permit local, Instant scheduledStart) {
        this.gate = gate;
        this.local = local;
        this.scheduledStart = scheduledStart;
    }

    /**
     * When Redis granted this start, on the Redis server's clock; empty when the start was
     * paced locally because Redis was unavailable.
     */
    public Optional<Instant> scheduledStart() {
        return Optional.ofNullable(scheduledStart);
    }

    /** True if the start came from the schedule shared through Redis, false if it was paced locally. */
    public boolean coordinated() {
        return scheduledStart != null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                if (local != null) {
                    local.close();
                }
            } finally {
                gate.leave();
            }
        }
    }

    @Override
    public String toString() {
        return coordinated() ? "RedisPermit[start " + scheduledStart + "]" : "RedisPermit[local]";
    }
}
