package dev.progressivebackoff.transport.httpclient5.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Cuts an attempt that outlives the request deadline: the response timeout only bounds the gap between two
 * reads, so a server dribbling a byte a second would otherwise hold an attempt forever. One daemon thread
 * per transport fires the cuts; close it with the transport. Thread-safe.
 */
public final class AttemptDeadlines implements AutoCloseable {

    private final Duration deadline;
    private final ScheduledExecutorService timer;

    /** Deadlines of {@code deadline} per attempt. */
    public AttemptDeadlines(Duration deadline) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "backoff-request-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** The deadline of one attempt. */
    public Duration deadline() {
        return deadline;
    }

    /** Starts the clock of one attempt: past the deadline, {@code request} is cancelled. */
    public Attempt start(Cancellable request) {
        AtomicBoolean expired = new AtomicBoolean();
        Future<?> cut = timer.schedule(
                () -> {
                    expired.set(true);
                    request.cancel();
                },
                deadline.toNanos(),
                TimeUnit.NANOSECONDS);
        return new Attempt(cut, expired);
    }

    /** One attempt's clock; close it when the attempt ends. */
    public static final class Attempt implements AutoCloseable {
        private final Future<?> cut;
        private final AtomicBoolean expired;

        private Attempt(Future<?> cut, AtomicBoolean expired) {
            this.cut = cut;
            this.expired = expired;
        }

        /** True if the deadline passed and the attempt was cut. */
        public boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            cut.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
