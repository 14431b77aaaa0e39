package dev.progressivebackoff.openai;

import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler on the test's fake clock: a task scheduled after a delay moves the clock by it and runs at once. */
final class ClockScheduler extends ScheduledThreadPoolExecutor {

    private final FakeClock clock;

    ClockScheduler(FakeClock clock) {
        super(1);
        this.clock = clock;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        clock.advance(Duration.ofNanos(unit.toNanos(Math.max(0, delay))));
        return super.schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        clock.advance(Duration.ofNanos(unit.toNanos(Math.max(0, delay))));
        return super.schedule(callable, 0, TimeUnit.NANOSECONDS);
    }
}
