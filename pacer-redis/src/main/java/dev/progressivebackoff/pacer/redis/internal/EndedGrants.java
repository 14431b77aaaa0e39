package dev.progressivebackoff.pacer.redis.internal;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The numbers of grants whose requests ended before Redis saw their responses, waiting to go to Redis with
 * the next script call (so that ending a request costs no round trip). Redis counts a grant as in flight
 * until it is told, or until it is ten minutes old. Thread-safe.
 */
public final class EndedGrants {

    /** The most numbers one call carries; the rest go with the next. */
    static final int MAX_PER_CALL = 64;

    private final ConcurrentLinkedQueue<Long> ended = new ConcurrentLinkedQueue<>();

    /** Grant {@code sequence} ended. */
    public void add(long sequence) {
        ended.add(sequence);
    }

    /** Takes up to {@value #MAX_PER_CALL} numbers, comma-separated, for {@link PacerScript.Target#ended()}. */
    public String drain() {
        StringBuilder numbers = new StringBuilder();
        Long next;
        for (int i = 0; i < MAX_PER_CALL && (next = ended.poll()) != null; i++) {
            if (numbers.length() > 0) {
                numbers.append(',');
            }
            numbers.append(next);
        }
        return numbers.toString();
    }
}
