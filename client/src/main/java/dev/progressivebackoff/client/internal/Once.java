package dev.progressivebackoff.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs an action at most once, and only while it is still needed: threads that arrive while it runs wait
 * for it to finish, asynchronous callers get a future of its end. No monitor is held while the action runs (it
 * does network I/O: a virtual thread must not be pinned), and waiting threads park on a future. Thread-safe.
 */
public final class Once {

    /** Set by the caller that claims the run. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** The thread running the action, once it runs. */
    private volatile Thread runner;
    /** Completed when the run is over (normally even if the action threw). */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
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
        if (claimed.compareAndSet(false, true)) {
            runClaimed(action);
        } else if (runner != Thread.currentThread()) {
            awaitRun();
        }
    }

    /**
     * As {@link #run} without blocking the caller: the action, if it is to run now, runs on {@code executor}; the
     * future completes when a run (this one or one in progress) is over, exceptionally only for the caller whose
     * run threw or could not be started.
     */
    public CompletableFuture<Void> runAsync(BooleanSupplier needed, Runnable action, Executor executor) {
        if (done || !needed.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!claimed.compareAndSet(false, true)) {
            return finished.copy();
        }
        CompletableFuture<Void> own = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    runClaimed(action);
                    own.complete(null);
                } catch (RuntimeException | Error failure) {
                    own.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException refused) {
            end();
            own.completeExceptionally(refused);
        }
        return own;
    }

    /**
     * As {@link #runAsync(BooleanSupplier, Runnable, Executor)} for an action that is asynchronous itself: if it is to
     * run now it is started on the caller's thread (it must not block) and the run is over when its stage completes.
     * The future completes when a run (this one or one in progress) is over, exceptionally only for the caller whose
     * run failed.
     */
    public CompletableFuture<Void> runAsync(BooleanSupplier needed, Supplier<? extends CompletionStage<?>> action) {
        if (done || !needed.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!claimed.compareAndSet(false, true)) {
            return finished.copy();
        }
        CompletableFuture<Void> own = new CompletableFuture<>();
        CompletionStage<?> running;
        try {
            running = action.get();
        } catch (RuntimeException | Error failure) {
            end();
            own.completeExceptionally(failure);
            return own;
        }
        running.whenComplete((value, failure) -> {
            end();
            if (failure != null) {
                own.completeExceptionally(failure);
            } else {
                own.complete(null);
            }
        });
        return own;
    }

    private void runClaimed(Runnable action) {
        runner = Thread.currentThread();
        try {
            action.run();
        } finally {
            end();
        }
    }

    private void end() {
        done = true;
        finished.complete(null);
    }

    private void awaitRun() {
        try {
            finished.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            // finished is only ever completed normally
        }
    }
}
