package dev.progressivebackoff.pacer.redis.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A first-come, first-served cap on requests in flight in this process, resizable while in use (a new tier
 * may be adopted). Thread-safe.
 */
public final class ConcurrencyGate {

    /** The limit of a tier without a concurrency cap. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final ReentrantLock lock = new ReentrantLock();
    /** Parked callers ({@link Condition}) and asynchronous ones ({@link CompletableFuture}), in arrival order. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();

    private int limit;
    private int inFlight;

    /** A gate letting {@code limit} requests in at once. */
    public ConcurrencyGate(int limit) {
        this.limit = positive(limit);
    }

    /**
     * Waits, in arrival order, for a free slot and takes it.
     *
     * @throws InterruptedException if interrupted before or while waiting; nothing is then held
     */
    public void enter() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring a permit");
        }
        lock.lock();
        try {
            if (queue.isEmpty() && inFlight < limit) {
                inFlight++;
                return;
            }
            Condition turn = lock.newCondition();
            queue.addLast(turn);
            try {
                while (queue.peekFirst() != turn || inFlight >= limit) {
                    turn.await();
                }
            } catch (InterruptedException interrupted) {
                boolean wasHead = queue.peekFirst() == turn;
                queue.remove(turn);
                if (wasHead) {
                    signalHead();
                }
                throw interrupted;
            }
            queue.removeFirst();
            inFlight++;
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #enter()} without blocking: the future completes (on the thread that frees a slot, so its dependents
     * should run elsewhere) once a slot is taken for the caller; cancelling it gives the place up.
     */
    public CompletableFuture<Void> enterAsync() {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        lock.lock();
        try {
            if (queue.isEmpty() && inFlight < limit) {
                inFlight++;
                return CompletableFuture.completedFuture(null);
            }
            queue.addLast(turn);
        } finally {
            lock.unlock();
        }
        turn.whenComplete((entered, cancelled) -> {
            if (cancelled != null) {
                abandon(turn);
            }
        });
        return turn;
    }

    private void abandon(CompletableFuture<Void> turn) {
        lock.lock();
        try {
            boolean wasHead = queue.peekFirst() == turn;
            queue.remove(turn);
            if (wasHead) {
                signalHead();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives a slot back. */
    public void leave() {
        lock.lock();
        try {
            inFlight--;
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** Lets {@code newLimit} requests in at once from now on; requests already in keep their slots. */
    public void resize(int newLimit) {
        positive(newLimit);
        lock.lock();
        try {
            limit = newLimit;
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** The current limit; {@link #UNLIMITED} when none. */
    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** Slots taken. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Callers queued for a slot. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the parked head, or lets asynchronous heads in while slots are free. Caller holds the lock. */
    private void signalHead() {
        while (!queue.isEmpty()) {
            Object head = queue.peekFirst();
            if (head instanceof Condition parked) {
                parked.signal();
                return;
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<Void> waiting = (CompletableFuture<Void>) head;
            if (!waiting.isDone() && inFlight >= limit) {
                return;
            }
            queue.removeFirst();
            if (!waiting.isDone()) {
                inFlight++;
                if (!waiting.complete(null)) {
                    inFlight--;
                }
            }
        }
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the concurrency limit must be positive: " + limit);
        }
        return limit;
    }
}
