package dev.progressivebackoff.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deterministic {@link ScheduledExecutorService} on a {@link FakeClock}: nothing runs by itself. A task is due at
 * the clock's time when scheduled plus its delay; the test runs the due ones ({@link #runDue()}) or moves the clock
 * to the next one and runs it ({@link #runNext()}, {@link #runUntilDone}). Tasks run on the test's thread, one at a
 * time, earliest due first (ties in scheduling order). Thread-safe: other threads (an HTTP client answering) may
 * schedule tasks; {@link #awaitTask()} waits, in real time, for them. Every delay scheduled is recorded.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final FakeClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition scheduled = lock.newCondition();
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private long sequence;
    private boolean shutDown;

    /** A scheduler on {@code clock}, whose time it reads and moves. */
    public ManualScheduler(FakeClock clock) {
        this.clock = clock;
    }

    /** Every delay passed to {@code schedule}, in order ({@code execute} records none). */
    public List<Duration> delays() {
        lock.lock();
        try {
            return List.copyOf(delays);
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting to run (cancelled ones excluded). */
    public int pending() {
        lock.lock();
        try {
            tasks.removeIf(FutureTask::isDone);
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    /** Runs every task due now, including those they schedule for now; returns how many ran. */
    public int runDue() {
        int ran = 0;
        for (Optional<Task<?>> next = take(false); next.isPresent(); next = take(false)) {
            run(next.get());
            ran++;
        }
        return ran;
    }

    /**
     * Moves the clock to the earliest pending task's due time (if later) and runs it.
     *
     * @throws AssertionError if no task is pending
     */
    public void runNext() {
        run(take(true).orElseThrow(() -> new AssertionError("no task is pending")));
    }

    /** Runs a task; one that throws fails the test rather than vanishing into its future. */
    private static void run(Task<?> task) {
        task.run();
        if (task.isDone() && !task.isCancelled()) {
            try {
                task.get();
            } catch (ExecutionException failed) {
                throw new AssertionError("a scheduled task failed", failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs tasks, moving the clock to each one's due time, until {@code done} is done; while none is pending, waits
     * in real time (at most 20 s for each) for another thread to schedule one.
     */
    public void runUntilDone(Future<?> done) {
        while (!done.isDone()) {
            if (pending() == 0) {
                awaitTaskOrDone(done);
            } else {
                runNext();
            }
        }
    }

    /**
     * Waits in real time, at most 20 s, until a task is pending.
     *
     * @throws AssertionError if none comes in time
     */
    public void awaitTask() throws InterruptedException {
        awaitTaskOrDone(null);
    }

    private void awaitTaskOrDone(Future<?> done) {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        lock.lock();
        try {
            while (tasks.stream().allMatch(FutureTask::isDone) && (done == null || !done.isDone())) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no task was scheduled within 20 s");
                }
                // a short slice: a future completed elsewhere does not signal this condition
                scheduled.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a task", interrupted);
        } finally {
            lock.unlock();
        }
    }

    /** The earliest pending task, removed; when {@code advance}, the clock first moves to its due time. */
    private Optional<Task<?>> take(boolean advance) {
        lock.lock();
        try {
            tasks.removeIf(FutureTask::isDone);
            Optional<Task<?>> next = tasks.stream()
                    .min(Comparator.<Task<?>>comparingLong(task -> task.due).thenComparingLong(task -> task.order));
            long now = clock.nanoTime();
            if (next.isEmpty() || (!advance && next.get().due > now)) {
                return Optional.empty();
            }
            if (next.get().due > now) {
                clock.advance(Duration.ofNanos(next.get().due - now));
            }
            tasks.remove(next.get());
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(Executors.callable(command, null), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        long nanos = Math.max(0, unit.toNanos(delay));
        lock.lock();
        try {
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return add(callable, nanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void execute(Runnable command) {
        lock.lock();
        try {
            add(Executors.callable(command, null), 0);
        } finally {
            lock.unlock();
        }
    }

    private <V> Task<V> add(Callable<V> callable, long nanos) {
        if (shutDown) {
            throw new RejectedExecutionException("the scheduler is shut down");
        }
        Task<V> task = new Task<>(callable, clock.nanoTime() + nanos, sequence++);
        tasks.add(task);
        scheduled.signalAll();
        return task;
    }

    /** Not supported: the library schedules one-shot tasks only. */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("one-shot tasks only");
    }

    /** Not supported: the library schedules one-shot tasks only. */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("one-shot tasks only");
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutDown = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        lock.lock();
        try {
            shutDown = true;
            List<Runnable> left = new ArrayList<>(tasks);
            tasks.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutDown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        return isShutdown() && pending() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long due;
        private final long order;

        Task(Callable<V> callable, long due, long order) {
            super(callable);
            this.due = due;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - clock.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
