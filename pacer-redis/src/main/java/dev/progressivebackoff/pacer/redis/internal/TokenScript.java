package dev.progressivebackoff.pacer.redis.internal;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;

/**
 * The Lua script ({@code tokens.lua}) that keeps one key's token budget in Redis: a sliding log of the tokens
 * each start reserved, settled to its usage, corrected by the server's remaining-tokens headers. Every
 * process pacing the key reserves from the same log, so together they never start more than the per-window
 * budget in any window. Its keys sit beside the pacer's state ({@link #keysOf}). Immutable.
 */
public final class TokenScript {

    private static final String RESOURCE = "tokens.lua";

    private final LuaScript script;

    private TokenScript(LuaScript script) {
        this.script = script;
    }

    /** The script shipped with this module. */
    public static TokenScript load() {
        return new TokenScript(LuaScript.load(RESOURCE));
    }

    /**
     * Reserves {@code tokens} now if they fit in the window's budget, else says how long until they do; while
     * the key's day is {@linkplain #daySpent spent}, reserves nothing and says until when ({@link Reply#daySpent}).
     * With no budget or no tokens it only checks the day.
     */
    public Reply reserve(RedisCommands<String, String> redis, Budget budget, long tokens) {
        return run(redis, budget, "reserve", Long.toString(tokens));
    }

    /** Settles reservation {@code number} to the {@code used} tokens its response's usage reported. */
    public Reply settle(RedisCommands<String, String> redis, Budget budget, long number, long used) {
        return run(redis, budget, "settle", Long.toString(number), Long.toString(used));
    }

    /** Reservation {@code number}'s request goes on the wire now: it counts from now (never earlier). */
    public Reply sent(RedisCommands<String, String> redis, Budget budget, long number) {
        return run(redis, budget, "sent", Long.toString(number));
    }

    /**
     * A server said {@code remaining} tokens are left until {@code resetMicros} from now: what it counts beyond
     * the log is counted as spent until then.
     */
    public Reply observe(RedisCommands<String, String> redis, Budget budget, long remaining, long resetMicros) {
        return run(redis, budget, "observe", Long.toString(remaining), Long.toString(resetMicros));
    }

    /**
     * The key's day quota is spent for {@code resetMicros} more, as {@code why} says: every process's
     * {@link #reserve} is refused until then (a later reset already known is kept).
     */
    public Reply daySpent(RedisCommands<String, String> redis, Budget budget, long resetMicros, String why) {
        return run(redis, budget, "dayspent", Long.toString(resetMicros), why);
    }

    private Reply run(RedisCommands<String, String> redis, Budget budget, String op, String... rest) {
        String[] args = new String[3 + rest.length];
        args[0] = op;
        args[1] = Long.toString(budget.perWindow());
        args[2] = Long.toString(budget.windowMicros());
        System.arraycopy(rest, 0, args, 3, rest.length);
        String[] keys = keysOf(budget.key());
        List<Object> reply = script.run(redis, keys, args);
        long outcome = (Long) reply.get(0);
        String why = reply.size() > 4 ? String.valueOf(reply.get(4)) : "";
        return new Reply(
                outcome == 1L, (Long) reply.get(1), (Long) reply.get(2), (Long) reply.get(3), outcome == 2L, why);
    }

    /** The Redis keys of the token budget of the pacer whose state {@code key} holds. */
    public static String[] keysOf(String key) {
        return new String[] {key + ":tokens", key + ":tokenlog", key + ":tokenamounts", key + ":dayspent"};
    }

    /**
     * Whose budget an operation works on.
     *
     * @param key          the Redis key of the pacer's state (the budget's keys are named after it)
     * @param perWindow    the tokens admitted per window (the TPM scaled to it)
     * @param windowMicros the window, in microseconds
     */
    public record Budget(String key, long perWindow, long windowMicros) {}

    /**
     * What the script answered.
     *
     * @param reserved   true when the reservation was made now
     * @param waitMicros when not, how long until it fits (or until the spent day resets)
     * @param number     the reservation's number (0 when none was made)
     * @param used       the tokens in the window now, as the log counts them
     * @param daySpent   true when nothing was reserved because the key's day quota is spent
     * @param why        why the day is spent, as the process that learnt it said ("" when it is not)
     */
    public record Reply(boolean reserved, long waitMicros, long number, long used, boolean daySpent, String why) {}
}
