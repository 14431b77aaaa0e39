package dev.progressivebackoff.pacing.internal;

import java.util.concurrent.locks.Condition;

/** A place in a pacer's FIFO queue held by a thread parked on a condition of the pacer's lock. */
final class ParkedTurn implements QueueTurn {

    private final Condition condition;

    ParkedTurn(Condition condition) {
        this.condition = condition;
    }

    /** Parks until woken; the caller holds the lock, which is released meanwhile. */
    void await() throws InterruptedException {
        condition.await();
    }

    @Override
    public void wake() {
        condition.signal();
    }
}
