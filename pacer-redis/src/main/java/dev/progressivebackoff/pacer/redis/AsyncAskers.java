package dev.progressivebackoff.pacer.redis;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The asynchronous starts of one {@link RedisPacer} waiting to ask Redis, first come, first served: only the head
 * asks (as only the head of the blocking callers does), so a start due does not send every waiter to Redis at once.
 * Thread-safe.
 */
final class AsyncAskers {

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<AsyncRedisStart> queue = new ArrayDeque<>();

    /** Queues {@code start}; it asks at once if it is the head. */
    void join(AsyncRedisStart start) {
        boolean head;
        lock.lock();
        try {
            queue.addLast(start);
            head = queue.peekFirst() == start;
        } finally {
            lock.unlock();
        }
        if (head) {
            start.wake();
        }
    }

    /** Removes {@code start} (granted, failed or cancelled); the next one asks if it became the head. */
    void leave(AsyncRedisStart start) {
        AsyncRedisStart next = null;
        lock.lock();
        try {
            boolean wasHead = queue.peekFirst() == start;
            if (queue.remove(start) && wasHead) {
                next = queue.peekFirst();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.wake();
        }
    }

    /** Starts queued. */
    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
