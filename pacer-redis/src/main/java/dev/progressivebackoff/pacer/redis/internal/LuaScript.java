package dev.progressivebackoff.pacer.redis.internal;

import dev.progressivebackoff.core.support.AsyncFailures;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script shipped as a resource of this package: its source, its SHA-1, and one call that runs it by SHA
 * and sends the source only when the server does not know it yet (after a restart or {@code SCRIPT FLUSH}).
 *
 * @param source the Lua source
 * @param sha    its SHA-1, as Redis names scripts
 */
record LuaScript(String source, String sha) {

    /** The script in resource {@code name} next to this class. */
    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** Runs the script on {@code keys} with {@code args}; its reply is a list. */
    List<Object> run(RedisCommands<String, String> redis, String[] keys, String[] args) {
        try {
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException unknownScript) {
            return redis.eval(source, ScriptOutputType.MULTI, keys, args);
        }
    }

    /** As {@link #run}, without waiting: the reply comes as the stage completes. */
    CompletionStage<List<Object>> runAsync(RedisAsyncCommands<String, String> redis, String[] keys, String[] args) {
        CompletionStage<List<Object>> bySha = redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        return bySha.exceptionallyCompose(failure -> AsyncFailures.cause(failure) instanceof RedisNoScriptException
                ? redis.eval(source, ScriptOutputType.MULTI, keys, args)
                : CompletableFuture.failedStage(failure));
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
