package dev.progressivebackoff.pacer.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The Lua script ({@code pacer.lua}) that keeps one key's pacer state in Redis, and its operations. Each
 * operation is one {@code EVALSHA}; when Redis does not know the script (it was restarted or flushed), one
 * {@code EVAL} sends it along and caches it again. Immutable.
 */
public final class PacerScript {

    private static final String RESOURCE = "pacer.lua";

    private final String source;
    private final String sha;

    private PacerScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** The script shipped with this module. */
    public static PacerScript load() {
        try (InputStream in = PacerScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new PacerScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Starts now if a start is due (and not claimed by a caller refused for longer), or reports how long until
     * the earliest one; nothing is reserved ahead.
     *
     * @param token       the asking process's token
     * @param sinceMicros Redis time of this caller's first refused ask; 0 on its first ask
     * @param graceMicros how long a claimed start waits for its claimant
     */
    public ScriptReply acquire(RedisCommands<String, String> redis, String key, long intervalMicros, int burst,
                               String token, long sinceMicros, long graceMicros) {
        return run(redis, key, "acquire", intervalMicros, burst, token, Long.toString(sinceMicros),
                Long.toString(graceMicros));
    }

    /** Holds every start for {@code durationMicros}; after a 429 ({@code penalise}) also stretches the spacing. */
    public ScriptReply hold(RedisCommands<String, String> redis, String key, long intervalMicros, int burst,
                            long durationMicros, boolean penalise, double factor, double maxSlowdown) {
        return run(redis, key, "hold", intervalMicros, burst, Long.toString(durationMicros), penalise ? "1" : "0",
                Double.toString(factor), Double.toString(maxSlowdown));
    }

    /** Applies what a response taught; see {@code pacer.lua} for the arguments. */
    public ScriptReply observe(RedisCommands<String, String> redis, String key, long intervalMicros, int burst,
                               ObservedChange change) {
        return run(redis, key, "observe", intervalMicros, burst, Double.toString(change.recoveryStep()),
                change.action().name().toLowerCase(Locale.ROOT), Long.toString(change.firstMicros()),
                Long.toString(change.secondMicros()), Long.toString(change.tokenHoldMicros()));
    }

    /** Reads the shared state without changing it. */
    public ScriptReply state(RedisCommands<String, String> redis, String key, long intervalMicros, int burst) {
        return run(redis, key, "state", intervalMicros, burst);
    }

    /** The Lua source, for {@code SCRIPT LOAD}. */
    public String source() {
        return source;
    }

    /** The SHA-1 Redis knows the script by. */
    public String sha() {
        return sha;
    }

    private ScriptReply run(RedisCommands<String, String> redis, String key, String op, long intervalMicros,
                            int burst, String... rest) {
        String[] keys = {key};
        String[] args = new String[3 + rest.length];
        args[0] = op;
        args[1] = Long.toString(intervalMicros);
        args[2] = Integer.toString(burst);
        System.arraycopy(rest, 0, args, 3, rest.length);
        List<Object> reply;
        try {
            reply = redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException unknownScript) {
            reply = redis.eval(source, ScriptOutputType.MULTI, keys, args);
        }
        return ScriptReply.of(reply);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-1", impossible);
        }
    }
}
