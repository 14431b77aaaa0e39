package dev.progressivebackoff.client.internal;

import java.util.function.BooleanSupplier;

/**
 * Runs an action at most once, and only while it is still needed: threads that arrive while it runs wait
 * for it to finish. Thread-safe.
 */
public final class Once {

    private final Object lock = new Object();
    /** Set once the action has finished (or failed): it is not run again. */
    private volatile boolean done;
    /** Set as the action starts, so that it cannot start again from within itself; guarded by the lock. */
    private boolean started;

    /**
     * Runs {@code action} (holding the lock, so other callers wait) unless it ran already or {@code needed}
     * says it is no longer needed, checked again once the lock is held. An action that throws is not run
     * again either.
     */
    public void run(BooleanSupplier needed, Runnable action) {
        if (done || !needed.getAsBoolean()) {
            return;
        }
        synchronized (lock) {
            if (started || !needed.getAsBoolean()) {
                return;
            }
            started = true;
            try {
                action.run();
            } finally {
                done = true; // only now: a caller that sees it skips the lock, so must find the run over
            }
        }
    }
}
