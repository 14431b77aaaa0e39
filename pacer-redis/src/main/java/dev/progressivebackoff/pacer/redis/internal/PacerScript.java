package dev.progressivebackoff.pacer.redis.internal;

import dev.progressivebackoff.pacing.SlowdownRules;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The Lua script ({@code pacer.lua}) that keeps one key's pacer state in Redis, and its operations. Each
 * operation is one {@code EVALSHA}; when Redis does not know the script (it was restarted or flushed), one
 * {@code EVAL} sends it along and caches it again. A key's state is a hash, and the grants still in flight
 * a sorted set beside it ({@link #inFlightKeyOf}). Immutable.
 */
public final class PacerScript {

    private static final String RESOURCE = "pacer.lua";
    private static final String IN_FLIGHT_SUFFIX = ":inflight";
    /** {@link SlowdownRules}, as the script reads them. */
    private static final String RULES = String.join(
            " ",
            Double.toString(SlowdownRules.PENALTY_FACTOR),
            Double.toString(SlowdownRules.MAX_SLOWDOWN),
            Double.toString(SlowdownRules.LEARNT_MARGIN),
            Double.toString(SlowdownRules.RECOVERY_STEP),
            Double.toString(SlowdownRules.KEPT_MARGIN),
            Double.toString(SlowdownRules.PROBE_STEP));

    private final LuaScript script;

    private PacerScript(LuaScript script) {
        this.script = script;
    }

    /** The script shipped with this module. */
    public static PacerScript load() {
        return new PacerScript(LuaScript.load(RESOURCE));
    }

    /**
     * Grants a start if one is due within the asker's horizon (and not claimed by a caller refused for longer),
     * or reports how long until the earliest one; nothing is reserved further ahead. A paced start is due
     * {@link Asker#leadMicros()} before the spacing allows it, and the next one counts from then on. While a
     * window's announced count lasts, starts are due at once (holds aside) and numbered against the count.
     *
     * @param maxHoldMicros the longest hold: while a spent window ends further away nothing is granted (the
     *                      reply's {@link ScriptReply#spentForMicros()} says how long it lasts)
     */
    public ScriptReply acquire(RedisCommands<String, String> redis, Target target, Asker asker, long maxHoldMicros) {
        return run(
                redis,
                target,
                "acquire",
                asker.token(),
                Long.toString(asker.sinceMicros()),
                Long.toString(asker.graceMicros()),
                Long.toString(maxHoldMicros),
                Long.toString(asker.leadMicros()),
                Long.toString(asker.horizonMicros()));
    }

    /**
     * Who asks for a start.
     *
     * @param token       the asking process's token
     * @param sinceMicros Redis time of this caller's first refused ask; 0 on its first ask
     * @param graceMicros how long a claimed start waits for its claimant
     * @param leadMicros  how long after its grant the caller's request is expected on the wire: the start is
     *                    granted that much before it is due
     * @param horizonMicros a start due no further away than this is granted now, to start when due (the reply's
     *                    wait, which the caller sleeps out); 0 grants only a start due now
     */
    public record Asker(String token, long sinceMicros, long graceMicros, long leadMicros, long horizonMicros) {

        public Asker {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * The request of a paced grant went on the wire at {@code sentMicros} (Redis time, estimated by the caller; now
     * if later than now): the next start of the key comes no sooner than one interval after that. Sent without
     * waiting, so that the request itself is not held back by a round trip; the reply's start is the send time
     * taken.
     */
    public CompletionStage<ScriptReply> sent(RedisAsyncCommands<String, String> redis, Target target, long sentMicros) {
        return script.runAsync(redis, keysOf(target), argsOf(target, "sent", Long.toString(sentMicros)))
                .thenApply(ScriptReply::of);
    }

    /**
     * Holds every start for {@code durationMicros}; after a 429 ({@code rateLimited}) also slows the spacing
     * down and raises its floor (once per grant made since the last time), and stops trusting counts if one
     * was being spent.
     */
    public ScriptReply hold(
            RedisCommands<String, String> redis, Target target, long durationMicros, boolean rateLimited) {
        return run(redis, target, "hold", Long.toString(durationMicros), rateLimited ? "1" : "0");
    }

    /** Applies what a response taught; see {@code pacer.lua} for the arguments. */
    public ScriptReply observe(RedisCommands<String, String> redis, Target target, ObservedChange change) {
        return run(
                redis,
                target,
                "observe",
                change.recover() ? "1" : "0",
                Long.toString(change.remaining()),
                Long.toString(change.resetMicros()),
                change.nearlySpent() ? "1" : "0",
                Long.toString(change.sequence()),
                Long.toString(change.windowEndMicros()),
                Long.toString(change.maxHoldMicros()),
                Long.toString(change.tokenHoldMicros()),
                Long.toString(change.uncutResetMicros()),
                change.resetSource(),
                Long.toString(change.uncutTokenResetMicros()),
                change.tokenResetSource());
    }

    /** The caller adopted the rate of {@code target}'s interval: a slow-down learnt at another is forgotten. */
    public ScriptReply rate(RedisCommands<String, String> redis, Target target) {
        return run(redis, target, "rate");
    }

    /** Reads the shared state without changing it (beyond forgetting the ended grants it is told of). */
    public ScriptReply state(RedisCommands<String, String> redis, Target target) {
        return run(redis, target, "state");
    }

    /** The Lua source, for {@code SCRIPT LOAD}. */
    public String source() {
        return script.source();
    }

    /** The SHA-1 Redis knows the script by. */
    public String sha() {
        return script.sha();
    }

    private ScriptReply run(RedisCommands<String, String> redis, Target target, String op, String... rest) {
        List<Object> reply = script.run(redis, keysOf(target), argsOf(target, op, rest));
        return ScriptReply.of(reply);
    }

    private static String[] keysOf(Target target) {
        return new String[] {target.key(), inFlightKeyOf(target.key())};
    }

    private static String[] argsOf(Target target, String op, String... rest) {
        String[] args = new String[5 + rest.length];
        args[0] = op;
        args[1] = Long.toString(target.intervalMicros());
        args[2] = Integer.toString(target.burst());
        args[3] = target.ended();
        args[4] = RULES;
        System.arraycopy(rest, 0, args, 5, rest.length);
        return args;
    }

    /** The Redis key of the grants in flight on the key whose state {@code key} holds. */
    public static String inFlightKeyOf(String key) {
        return key + IN_FLIGHT_SUFFIX;
    }

    /**
     * Whose state an operation works on, and what the caller passes with every operation.
     *
     * @param key            the Redis key of the state
     * @param intervalMicros the caller's emission interval at its adopted rate, margin included
     * @param burst          starts allowed back to back
     * @param ended          numbers of grants whose requests ended unobserved, comma-separated ("" for none)
     */
    public record Target(String key, long intervalMicros, int burst, String ended) {

        public Target {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ended, "ended");
        }
    }
}
