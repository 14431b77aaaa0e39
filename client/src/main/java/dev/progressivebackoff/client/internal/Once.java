package dev.progressivebackoff.client.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs an action at most once, and only while it is still needed: threads that arrive while it runs wait
 * for it to finish. No monitor is held while the action runs (it does network I/O: a virtual thread must not be
 * pinned), and waiting threads park on a latch. Thread-safe.
 */
public final class Once {

    /** The thread that claimed the run; set once. */
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    /** Opened when the run is over. */
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Set once the action has finished (or failed): it is not run again. */
    private volatile boolean done;

    /**
     * Runs {@code action} unless it ran already or {@code needed} says it is no longer needed; other callers wait
     * for a run in progress (a caller interrupted meanwhile stops waiting, its interrupt flag set). An action that
     * throws is not run again either, and one that calls this again from within itself does not recurse.
     */
    public void run(BooleanSupplier needed, Runnable action) {
        if (done || !needed.getAsBoolean()) {
            return;
        }
        Thread caller = Thread.currentThread();
        if (runner.compareAndSet(null, caller)) {
            try {
                action.run();
            } finally {
                done = true;
                finished.countDown();
            }
        } else if (runner.get() != caller) {
            awaitRun();
        }
    }

    private void awaitRun() {
        try {
            finished.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
