package dev.progressivebackoff.micrometer;

import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.transport.httpclient5.PoolStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** The gauges read from a pacer's {@link PacerState} and a pool's {@link PoolStats} each time they are published. */
final class StateGauges implements MeterBinder {

    private final Tags tags;
    private final Supplier<PacerState> pacer;
    private final Supplier<PoolStats> pool;

    StateGauges(Tags tags, Supplier<PacerState> pacer, Supplier<PoolStats> pool) {
        this.tags = tags;
        this.pacer = pacer;
        this.pool = pool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        pacerGauge(
                registry, "pacer.in.flight", "requests", "Pacer permits granted and not yet closed", s -> s.inFlight());
        pacerGauge(registry, "pacer.waiting", "requests", "Callers waiting for a pacer permit", s -> s.waiting());
        pacerGauge(
                registry,
                "pacer.hold",
                "seconds",
                "How much longer the pacer holds every start",
                s -> s.heldFor().toNanos() / 1e9);
        pacerGauge(
                registry,
                "pacer.rate",
                "requests per minute",
                "The rate the pacer spaces starts at",
                s -> s.requestsPerMinute());
        pacerGauge(
                registry,
                "pacer.slowdown",
                null,
                "How much 429s stretched the pacer's spacing (1 = none)",
                s -> s.slowdown());
        poolGauge(registry, "pool.connections", Tags.of("state", "leased"), "Connections in use", p -> p.leased());
        poolGauge(
                registry,
                "pool.connections",
                Tags.of("state", "available"),
                "Idle open connections",
                p -> p.available());
        poolGauge(registry, "pool.pending", Tags.empty(), "Requests waiting for a connection", p -> p.pending());
        poolGauge(registry, "pool.max", Tags.empty(), "The most connections the pool opens", p -> p.max());
    }

    private void pacerGauge(
            MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<PacerState> value) {
        Gauge.builder(ProgressiveBackoffMetrics.PREFIX + name, pacer, supplier -> value.applyAsDouble(supplier.get()))
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    private void poolGauge(
            MeterRegistry registry, String name, Tags extra, String description, ToDoubleFunction<PoolStats> value) {
        Gauge.builder(ProgressiveBackoffMetrics.PREFIX + name, pool, supplier -> value.applyAsDouble(supplier.get()))
                .description(description)
                .baseUnit("connections")
                .tags(tags)
                .tags(extra)
                .strongReference(true)
                .register(registry);
    }
}
