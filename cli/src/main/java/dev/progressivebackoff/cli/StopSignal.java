package dev.progressivebackoff.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Tells a running command to stop (Ctrl-C in the real program, a test in the harness). Tripping it runs
 * the registered callbacks once and releases everyone waiting. Thread-safe.
 */
public final class StopSignal {

    private final CountDownLatch tripped = new CountDownLatch(1);
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** Asks the command to stop; later calls do nothing. */
    public void trip() {
        synchronized (this) {
            if (tripped.getCount() == 0) {
                return;
            }
            tripped.countDown();
        }
        callbacks.forEach(Runnable::run);
    }

    /** True once {@link #trip} was called. */
    public boolean isTripped() {
        return tripped.getCount() == 0;
    }

    /** Runs {@code callback} when the signal trips (at once if it already has). */
    public void onTrip(Runnable callback) {
        callbacks.add(callback);
        if (isTripped()) {
            callback.run();
        }
    }

    /**
     * Blocks until the signal trips.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        tripped.await();
    }
}
