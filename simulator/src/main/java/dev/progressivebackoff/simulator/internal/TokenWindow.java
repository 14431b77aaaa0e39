package dev.progressivebackoff.simulator.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One API key's token limits: at most {@code perWindow} tokens of admitted requests in any sliding window, and
 * at most {@code perDay} in any sliding day; a limit of 0 is not enforced. A request counts the {@code usage}
 * its response reports, from its arrival. Refused requests do not count. Not thread-safe: the handler checks
 * and records under the window's lock.
 */
public final class TokenWindow {

    private final long perWindow;
    private final long windowNanos;
    private final long perDay;
    private final long dayNanos;
    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private final ArrayDeque<long[]> day = new ArrayDeque<>();
    private long inWindow;
    private long inDay;

    /** {@code perWindow} tokens per {@code window}, {@code perDay} per {@code dayWindow} (0: no limit). */
    public TokenWindow(long perWindow, Duration window, long perDay, Duration dayWindow) {
        this.perWindow = perWindow;
        this.windowNanos = window.toNanos();
        this.perDay = perDay;
        this.dayNanos = dayWindow.toNanos();
    }

    /** True when either limit is enforced. */
    public boolean enforced() {
        return perWindow > 0 || perDay > 0;
    }

    /** The refusal of a request of {@code tokens} arriving at {@code now}, or empty when it fits. */
    public Optional<Admission> refusal(long now, long tokens) {
        expire(now);
        if (perDay > 0 && inDay + tokens > perDay) {
            Duration wait = freedAfter(day, inDay + tokens - perDay, dayNanos, now);
            return Optional.of(new Admission(Admission.Verdict.OVER_TPD, 0, Duration.ZERO, wait)
                    .withTokens(remaining(), resetTokens(now)));
        }
        if (perWindow > 0 && inWindow + tokens > perWindow) {
            Duration wait = freedAfter(window, inWindow + tokens - perWindow, windowNanos, now);
            return Optional.of(new Admission(Admission.Verdict.OVER_TPM, 0, Duration.ZERO, wait)
                    .withTokens(remaining(), resetTokens(now)));
        }
        return Optional.empty();
    }

    /** Counts an admitted request's {@code tokens} from {@code now}; returns {@code admission} with the figures. */
    public Admission record(long now, long tokens, Admission admission) {
        if (perWindow > 0) {
            window.addLast(new long[] {now, tokens});
            inWindow += tokens;
        }
        if (perDay > 0) {
            day.addLast(new long[] {now, tokens});
            inDay += tokens;
        }
        return perWindow > 0 ? admission.withTokens(remaining(), resetTokens(now)) : admission;
    }

    /** The token figures at {@code now}, added to {@code admission}, without counting anything. */
    public Admission peek(long now, Admission admission) {
        expire(now);
        return perWindow > 0 ? admission.withTokens(remaining(), resetTokens(now)) : admission;
    }

    /** The tokens the day has counted at {@code now}. */
    public long usedToday(long now) {
        expire(now);
        return inDay;
    }

    /** The daily limit (0: none). */
    public long perDay() {
        return perDay;
    }

    private long remaining() {
        return Math.max(0, perWindow - inWindow);
    }

    private Duration resetTokens(long now) {
        return window.isEmpty()
                ? Duration.ZERO
                : Duration.ofNanos(Math.max(0, window.peekFirst()[0] + windowNanos - now));
    }

    private void expire(long now) {
        while (!window.isEmpty() && now - window.peekFirst()[0] >= windowNanos) {
            inWindow -= window.pollFirst()[1];
        }
        while (!day.isEmpty() && now - day.peekFirst()[0] >= dayNanos) {
            inDay -= day.pollFirst()[1];
        }
    }

    private static Duration freedAfter(ArrayDeque<long[]> log, long excess, long length, long now) {
        long freed = 0;
        for (long[] entry : log) {
            freed += entry[1];
            if (freed >= excess) {
                return Duration.ofNanos(Math.max(0, entry[0] + length - now));
            }
        }
        return Duration.ofNanos(length);
    }
}
