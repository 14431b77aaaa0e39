package dev.progressivebackoff.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a subcommand may use of the outside world.
 *
 * @param out        results
 * @param err        diagnostics, progress, logs
 * @param env        environment variables (API keys are read from here)
 * @param workingDir relative paths are resolved against it
 * @param terminal   true when stderr is an interactive terminal (progress bar instead of lines)
 * @param stop       tripped by Ctrl-C
 */
public record CliContext(
        PrintStream out, PrintStream err, Map<String, String> env, Path workingDir, boolean terminal, StopSignal stop) {

    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(stop, "stop");
    }

    /** {@code path} resolved against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }

    /** Without the environment's values: they may hold keys. */
    @Override
    public String toString() {
        return "CliContext[workingDir=" + workingDir + ", terminal=" + terminal + "]";
    }
}
