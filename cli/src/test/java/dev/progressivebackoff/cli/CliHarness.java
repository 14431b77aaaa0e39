package dev.progressivebackoff.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@link Main} in-process and captures what it printed and its exit code. */
final class CliHarness {

    private final Map<String, String> env;
    private final Path workingDir;
    private final StopSignal stop;

    CliHarness(Map<String, String> env, Path workingDir) {
        this(env, workingDir, new StopSignal());
    }

    CliHarness(Map<String, String> env, Path workingDir, StopSignal stop) {
        this.env = env;
        this.workingDir = workingDir;
        this.stop = stop;
    }

    /** A harness with no environment in the current directory. */
    static CliHarness plain() {
        return new CliHarness(Map.of(), Path.of("").toAbsolutePath());
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new Main(outStream, errStream, env, workingDir, false, stop).run(args);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What one invocation produced. */
    record Result(int exitCode, String out, String err) {}
}
