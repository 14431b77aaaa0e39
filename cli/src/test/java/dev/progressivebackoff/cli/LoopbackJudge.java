package dev.progressivebackoff.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One real rate limiter on loopback, started and stopped through {@code bench/judges/judge.sh} (see
 * bench/judges/README.md), and its own access log. Anything that keeps it from starting is a test failure,
 * never a skip: the {@code judges} tests exist to run against the real thing.
 */
final class LoopbackJudge implements AutoCloseable {

    /** apt-get may install the judge's package on first use: generous, but bounded. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path script;
    private final String kind;
    private final String url;
    private final Path log;
    private final Path dir;
    private boolean stopped;

    private LoopbackJudge(Path script, String kind, String url, Path log, Path dir) {
        this.script = script;
        this.kind = kind;
        this.url = url;
        this.log = log;
        this.dir = dir;
    }

    /**
     * Starts {@code judge.sh start KIND --rpm RPM} with its state directory under {@code target/judges} (kept
     * after the test, so a failure's log can be read), and returns once the judge answers.
     */
    static LoopbackJudge start(String kind, int rpm) {
        Path script = script();
        try {
            Path parent = Files.createDirectories(Path.of("target", "judges").toAbsolutePath());
            Path dir = Files.createTempDirectory(parent, kind + "-");
            Path stdout = dir.resolve("judge-start.out");
            Path stderr = dir.resolve("judge-start.err");
            List<String> command = List.of(
                    "bash", script.toString(), "start", kind, "--rpm", Integer.toString(rpm), "--dir", dir.toString());
            int exit;
            try {
                exit = runScript(command, stdout, stderr, START_TIMEOUT);
            } catch (AssertionError notFinished) {
                stopQuietly(script, dir);
                throw notFinished;
            }
            String err = Files.readString(stderr, UTF_8);
            if (exit != 0) {
                throw new AssertionError("the " + kind + " judge could not be started: '" + String.join(" ", command)
                        + "' exited " + exit + ". The judges tests need nginx-light and haproxy installed (.ci/run "
                        + "installs them; judge.sh tries apt-get itself). Its output:\n" + err);
            }
            Map<String, String> printed = Files.readAllLines(stdout, UTF_8).stream()
                    .filter(line -> line.indexOf('=') > 0)
                    .collect(Collectors.toMap(
                            line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1),
                            (a, b) -> b));
            if (!printed.containsKey("url") || !printed.containsKey("log") || !printed.containsKey("dir")) {
                stopQuietly(script, dir);
                throw new AssertionError("judge.sh start " + kind + " exited 0 without printing url=, log=, dir=; "
                        + "stdout: " + printed + ", stderr:\n" + err);
            }
            return new LoopbackJudge(
                    script, kind, printed.get("url"), Path.of(printed.get("log")), Path.of(printed.get("dir")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return url;
    }

    Path dir() {
        return dir;
    }

    /**
     * Stops the judge (idempotent). Once its processes have exited every request it answered is in its log.
     */
    void stop() {
        if (stopped) {
            return;
        }
        Path out = dir.resolve("judge-stop.out");
        Path err = dir.resolve("judge-stop.err");
        int exit = runScript(List.of("bash", script.toString(), "stop", dir.toString()), out, err, STOP_TIMEOUT);
        stopped = true;
        if (exit != 0) {
            String output;
            try {
                output = Files.readString(err, UTF_8);
            } catch (IOException e) {
                output = e.toString();
            }
            throw new AssertionError("judge.sh stop " + dir + " exited " + exit + ":\n" + output);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The judge's access log, one entry per request that reached the limiter, in the order written. */
    List<Entry> log() {
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(log, UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ", 3);
                if (parts.length < 2) {
                    throw new AssertionError("malformed line in " + log + ": '" + line + "'");
                }
                String label = parts.length == 3 && !parts[2].isBlank() ? parts[2].trim() : "-";
                entries.add(new Entry(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]), label));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many log entries each "label status" pair has, e.g. {@code {"paced 200": 40, "paced 429": 1}}. */
    Map<String, Long> countsByLabelAndStatus() {
        return log().stream()
                .collect(Collectors.groupingBy(
                        entry -> entry.label() + " " + entry.status(), TreeMap::new, Collectors.counting()));
    }

    @Override
    public String toString() {
        return kind + " judge at " + url + " (log " + log + ")";
    }

    /** One access-log line: arrival (epoch seconds), status, X-Bench-Run label ("-" when absent). */
    record Entry(double at, int status, String label) {}

    /** bench/judges/judge.sh, found by walking up from the module directory to the repository root. */
    private static Path script() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bench/judges/judge.sh");
            if (Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new AssertionError("bench/judges/judge.sh not found in " + start + " or any directory above it");
    }

    /** judge.sh stop DIR after a failed start (it is a no-op where nothing runs); the start's failure wins. */
    private static void stopQuietly(Path script, Path dir) {
        try {
            runScript(
                    List.of("bash", script.toString(), "stop", dir.toString()),
                    dir.resolve("judge-stop.out"),
                    dir.resolve("judge-stop.err"),
                    STOP_TIMEOUT);
        } catch (AssertionError ignored) {
            // reported by the caller's own failure
        }
    }

    private static int runScript(List<String> command, Path stdout, Path stderr, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", command) + "' did not finish within " + timeout
                        + "; its output so far:\n" + Files.readString(stderr, UTF_8));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new AssertionError("could not run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }
}
