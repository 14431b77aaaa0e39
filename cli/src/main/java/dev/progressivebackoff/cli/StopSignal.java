package dev.progressivebackoff.cli;

import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Listeners;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Tells a running command to stop (Ctrl-C in the real program, a test in the harness). Tripping it runs
 * the registered callbacks once and releases everyone waiting. A callback that throws follows the
 * {@linkplain dev.progressivebackoff.core.ListenerErrorHandler listener rule}: it is logged as a WARN naming
 * its class and ignored, and the other callbacks still run. Thread-safe.
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
        run(callbacks);
    }

    /** True once {@link #trip} was called. */
    public boolean isTripped() {
        return tripped.getCount() == 0;
    }

    /** Adds {@code callback}, run when the signal trips (at once if it already has). */
    public void onTrip(Runnable callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
        if (isTripped()) {
            run(List.of(callback));
        }
    }

    private void run(List<Runnable> toRun) {
        Listeners.<Runnable, StopSignal>of(
                        toRun,
                        (callback, signal) -> callback.run(),
                        List.of(ListenerErrorHandler.describingTo(
                                LoggerFactory.getLogger("dev.progressivebackoff.cli")::warn)))
                .tell(this);
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
