package dev.progressivebackoff.simulator.internal;

import dev.progressivebackoff.simulator.Fault;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Decides, request by request, whether a fault is injected: once a 5xx burst starts, the next requests
 * continue it; otherwise each fault of the plan is drawn in turn from the seeded random source, so a run
 * with one worker is repeatable. Counts what it injected. Thread-safe.
 */
public final class FaultInjector {

    private final FaultPlan plan;
    private final Random random;
    private final AtomicLongArray injected = new AtomicLongArray(Fault.values().length);
    private int burstLeft;

    /** Draws from {@code random} (shared with the provider's other random choices). */
    public FaultInjector(FaultPlan plan, Random random) {
        this.plan = plan;
        this.random = random;
    }

    /** The fault for the next completion, if any. */
    public Optional<Fault> next() {
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Fault chosen = null;
        synchronized (random) {
            if (burstLeft > 0) {
                burstLeft--;
                chosen = Fault.SERVER_ERROR_BURST;
            } else {
                for (Map.Entry<Fault, Double> entry : plan.rates().entrySet()) {
                    if (entry.getValue() > 0 && random.nextDouble() < entry.getValue()) {
                        chosen = entry.getKey();
                        if (chosen == Fault.SERVER_ERROR_BURST) {
                            burstLeft = plan.burstLength() - 1;
                        }
                        break;
                    }
                }
            }
        }
        if (chosen != null) {
            injected.incrementAndGet(chosen.ordinal());
        }
        return Optional.ofNullable(chosen);
    }

    /** The 5xx status of a burst's response: 500, 502, 503 or 504. */
    public int serverErrorStatus() {
        int[] statuses = {500, 502, 503, 504};
        synchronized (random) {
            return statuses[random.nextInt(statuses.length)];
        }
    }

    /** How many times each fault was injected, in declaration order (faults never injected are absent). */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> counts = new EnumMap<>(Fault.class);
        for (Fault fault : Fault.values()) {
            long count = injected.get(fault.ordinal());
            if (count > 0) {
                counts.put(fault, count);
            }
        }
        return Collections.unmodifiableMap(counts);
    }
}
