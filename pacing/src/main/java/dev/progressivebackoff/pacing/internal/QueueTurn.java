package dev.progressivebackoff.pacing.internal;

/** A place in a pacer's FIFO queue: a parked thread or a scheduled acquisition. The pacer's lock guards it. */
interface QueueTurn {

    /** Tells the holder to read the pacer's state again (it became the head, or something changed). */
    void wake();
}
