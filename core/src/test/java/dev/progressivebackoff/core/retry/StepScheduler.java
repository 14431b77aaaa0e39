package dev.progressivebackoff.core.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for core tests that runs nothing by itself: each task waits until the test calls {@link #runNext()},
 * which moves the {@link FakeTime} to the task's due time first. Not thread-safe. The other modules' tests use
 * test-support's {@code ManualScheduler}; core cannot (a Maven cycle).
 */
final class StepScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final FakeTime time;
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    StepScheduler(FakeTime time) {
        this.time = time;
    }

    /** Every delay scheduled, in order. */
    List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    int pending() {
        tasks.removeIf(FutureTask::isDone);
        return tasks.size();
    }

    /** Moves time to the earliest pending task's due time and runs it. */
    void runNext() {
        Task<?> next = tasks.stream()
                .filter(task -> !task.isDone())
                .min((a, b) -> Long.compare(a.due, b.due))
                .orElseThrow(() -> new AssertionError("no task is pending"));
        tasks.remove(next);
        time.advance(Duration.ofNanos(Math.max(0, next.due - time.nanoTime())));
        next.run();
    }

    /** Runs tasks until none is pending. */
    void runAll() {
        while (pending() > 0) {
            runNext();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        Task<V> task = new Task<>(callable, time.nanoTime() + unit.toNanos(delay));
        tasks.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        tasks.add(new Task<>(Executors.callable(command), time.nanoTime()));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the loop");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the loop");
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long due;

        Task(Callable<V> callable, long due) {
            super(callable);
            this.due = due;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - time.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
