package dev.progressivebackoff.simulator.internal;

import dev.progressivebackoff.simulator.Fault;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which faults to inject into chat completions, and how.
 *
 * @param rates         probability in [0, 1] of each fault per admitted completion (absent: never)
 * @param burstLength   how many consecutive 5xx one {@link Fault#SERVER_ERROR_BURST} sends
 * @param slowDelay     how long a {@link Fault#SLOW_RESPONSE} waits before answering
 * @param hugeBodyBytes how many bytes a {@link Fault#HUGE_BODY} sends
 */
public record FaultPlan(Map<Fault, Double> rates, int burstLength, Duration slowDelay, long hugeBodyBytes) {

    /** No faults. */
    public static final FaultPlan NONE = new FaultPlan(Map.of(), 3, Duration.ofSeconds(30), 16L * 1024 * 1024);

    public FaultPlan {
        EnumMap<Fault, Double> copy = new EnumMap<>(Fault.class);
        rates.forEach((fault, rate) -> {
            Objects.requireNonNull(fault, "fault");
            if (rate == null || !(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(
                        "the rate of fault " + fault.cliName() + " must be in [0, 1]: " + rate);
            }
            copy.put(fault, rate);
        });
        rates = Collections.unmodifiableMap(copy);
        if (burstLength < 1) {
            throw new IllegalArgumentException("burstLength must be positive: " + burstLength);
        }
        Objects.requireNonNull(slowDelay, "slowDelay");
        if (slowDelay.isNegative()) {
            throw new IllegalArgumentException("slowDelay must not be negative: " + slowDelay);
        }
        if (hugeBodyBytes < 1) {
            throw new IllegalArgumentException("hugeBodyBytes must be positive: " + hugeBodyBytes);
        }
    }

    /** True if no fault can happen. */
    public boolean isEmpty() {
        return rates.values().stream().allMatch(rate -> rate == 0);
    }

    /** A copy where {@code fault} happens with probability {@code rate}. */
    public FaultPlan with(Fault fault, double rate) {
        Map<Fault, Double> next = new EnumMap<>(Fault.class);
        next.putAll(rates);
        next.put(fault, rate);
        return new FaultPlan(next, burstLength, slowDelay, hugeBodyBytes);
    }

    /** A copy with another burst length. */
    public FaultPlan withBurstLength(int length) {
        return new FaultPlan(rates, length, slowDelay, hugeBodyBytes);
    }

    /** A copy with another slow delay. */
    public FaultPlan withSlowDelay(Duration delay) {
        return new FaultPlan(rates, burstLength, delay, hugeBodyBytes);
    }

    /** A copy with another huge body size. */
    public FaultPlan withHugeBodyBytes(long bytes) {
        return new FaultPlan(rates, burstLength, slowDelay, bytes);
    }
}
