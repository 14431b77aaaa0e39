package dev.progressivebackoff.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads of a client's asynchronous calls: a scheduler where every wait is scheduled (one thread; its tasks
 * never block) and a bounded executor where the blocking transport I/O runs (as many threads as the connection
 * pool has connections). Either may be given; the ones this runtime creates, lazily on the first asynchronous
 * call, are daemon threads shut down by {@link #close()}, the given ones are left to their owner. Thread-safe.
 */
public final class AsyncRuntime implements AutoCloseable {

    private static final long IDLE_SECONDS = 30;

    private final ScheduledExecutorService givenScheduler;
    private final Executor givenIo;
    private final int ioThreads;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ExecutorService> owned = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private Executor io;
    private boolean closed;

    /**
     * @param givenScheduler the caller's scheduler, or null for one of this runtime's own
     * @param givenIo        the caller's executor for transport I/O, or null for one of this runtime's own
     * @param ioThreads      the threads of an own I/O executor (the connection pool's size)
     */
    public AsyncRuntime(ScheduledExecutorService givenScheduler, Executor givenIo, int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
        }
        this.givenScheduler = givenScheduler;
        this.givenIo = givenIo;
        this.ioThreads = ioThreads;
    }

    /**
     * Where waits are scheduled.
     *
     * @throws RejectedExecutionException the client is closed
     */
    public ScheduledExecutorService scheduler() {
        lock.lock();
        try {
            checkOpen();
            if (scheduler == null) {
                scheduler = givenScheduler != null ? givenScheduler : ownScheduler();
            }
            return scheduler;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where transport I/O runs.
     *
     * @throws RejectedExecutionException the client is closed
     */
    public Executor io() {
        lock.lock();
        try {
            checkOpen();
            if (io == null) {
                io = givenIo != null ? givenIo : ownIo();
            }
            return io;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new RejectedExecutionException("the client is closed");
        }
    }

    private ScheduledExecutorService ownScheduler() {
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, daemons("progressive-backoff-scheduler"));
        own.setRemoveOnCancelPolicy(true);
        owned.add(own);
        return own;
    }

    private Executor ownIo() {
        ThreadPoolExecutor own = new ThreadPoolExecutor(
                ioThreads,
                ioThreads,
                IDLE_SECONDS,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemons("progressive-backoff-io"));
        own.allowCoreThreadTimeOut(true);
        owned.add(own);
        return own;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Shuts the executors this runtime created down (calls in progress fail); the given ones are left running. */
    @Override
    public void close() {
        List<ExecutorService> toStop;
        lock.lock();
        try {
            closed = true;
            toStop = List.copyOf(owned);
            owned.clear();
        } finally {
            lock.unlock();
        }
        toStop.forEach(ExecutorService::shutdownNow);
    }
}
