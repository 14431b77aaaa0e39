package dev.progressivebackoff.pacer.redis.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the pacer script answered; times in Redis server microseconds.
 *
 * @param granted        true if a start was granted, at {@code startMicros} (now)
 * @param waitMicros     how long from now until that start (or, not granted, the earliest one)
 * @param startMicros    the start, as Redis server time in microseconds since the epoch
 * @param heldForMicros  how much longer a hold keeps every start back
 * @param slowdown       how much 429s have stretched the spacing (1 = none)
 * @param recovering     true while a success would still take back some slow-down or probe its floor down
 * @param sequence       the number of the grant, counted across every process of the key (0 if not granted)
 * @param counted        true if a window's announced count let the grant through without spacing
 * @param spentForMicros how much longer a server said a window is spent ({@code remaining} 0), as it announced
 *                       the end (not cut to the longest hold); 0 when none is
 * @param spent          what is spent, when {@code spentForMicros} is positive
 * @param spentSource    the name of the header family that announced that end ({@code ""} when none is spent)
 */
public record ScriptReply(
        boolean granted,
        long waitMicros,
        long startMicros,
        long heldForMicros,
        double slowdown,
        boolean recovering,
        long sequence,
        boolean counted,
        long spentForMicros,
        Spent spent,
        String spentSource) {

    private static final int FIELDS = 11;
    private static final double MILLIONTHS = 1_000_000.0;

    public ScriptReply {
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(spentSource, "spentSource");
        if (waitMicros < 0 || heldForMicros < 0 || spentForMicros < 0) {
            throw new IllegalArgumentException("the pacer script answered a negative wait");
        }
        if (!(slowdown >= 1.0)) {
            throw new IllegalArgumentException("the pacer script answered a slow-down below 1: " + slowdown);
        }
    }

    /** Reads the script's array reply. */
    static ScriptReply of(List<?> reply) {
        if (reply == null || reply.size() != FIELDS) {
            throw new IllegalStateException("unexpected pacer script reply: " + reply);
        }
        return new ScriptReply(
                number(reply, 0) == 1,
                number(reply, 1),
                number(reply, 2),
                number(reply, 3),
                number(reply, 4) / MILLIONTHS,
                number(reply, 5) == 1,
                number(reply, 6),
                number(reply, 7) == 1,
                number(reply, 8),
                Spent.of(number(reply, 9)),
                text(reply, 10));
    }

    /** The wait as a duration. */
    public Duration waitTime() {
        return Duration.ofNanos(Math.multiplyExact(waitMicros, 1000L));
    }

    /** The hold left, as a duration. */
    public Duration heldFor() {
        return Duration.ofNanos(Math.multiplyExact(heldForMicros, 1000L));
    }

    /** The start as an instant of the Redis server's clock. */
    public Instant start() {
        return Instant.ofEpochSecond(startMicros / 1_000_000L, (startMicros % 1_000_000L) * 1000L);
    }

    private static String text(List<?> reply, int index) {
        Object value = reply.get(index);
        if (value instanceof String string) {
            return string;
        }
        throw new IllegalStateException("unexpected pacer script reply field " + index + ": " + value);
    }

    private static long number(List<?> reply, int index) {
        Object value = reply.get(index);
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("unexpected pacer script reply field " + index + ": " + value);
    }

    /** What a server said is spent until the end it announced. */
    public enum Spent {
        /** Nothing, or the window's end has passed. */
        NOTHING,
        /** The request window: {@code remaining} requests 0. */
        REQUESTS,
        /** The token window: {@code remaining} tokens 0. */
        TOKENS;

        static Spent of(long code) {
            if (code < 0 || code >= values().length) {
                throw new IllegalStateException("unexpected spent window in the pacer script reply: " + code);
            }
            return values()[(int) code];
        }
    }
}
