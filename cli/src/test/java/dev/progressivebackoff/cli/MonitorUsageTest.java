package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Virtual-thread friendliness: a {@code synchronized} region pins a virtual thread (JDK 21 to 23) while it blocks,
 * so no main code does network I/O or sleeps while holding a monitor. Every {@code synchronized} of the main code
 * of any module is listed below, reviewed, with why it is harmless (in-memory work, or local console and file
 * output); a new one fails this test until it is reviewed: use a {@link java.util.concurrent.locks.ReentrantLock}
 * around anything that blocks, or add it here with the reason. An entry no longer used fails too, so the list
 * stays exact. {@code NoMonitorHeldTest} (client) checks the client's waits and sends at run time.
 */
class MonitorUsageTest {

    private static final Pattern SYNCHRONIZED = Pattern.compile("(?m)^(?!\\s*(?://|\\*|/\\*)).*\\bsynchronized\\b");

    /** File → how many {@code synchronized} it has, and why they are harmless. */
    private static final Map<String, Reviewed> REVIEWED = Map.ofEntries(
            reviewed("cli/src/main/java/dev/progressivebackoff/cli/StopSignal.java", 1, "a latch count-down"),
            reviewed(
                    "cli/src/main/java/dev/progressivebackoff/cli/internal/batch/ProgressBarDisplay.java",
                    1,
                    "one console line"),
            reviewed(
                    "cli/src/main/java/dev/progressivebackoff/cli/internal/batch/ProgressLines.java",
                    1,
                    "one console line"),
            reviewed(
                    "cli/src/main/java/dev/progressivebackoff/cli/internal/batch/ResultLog.java",
                    9,
                    "local file appends, in order; no network"),
            reviewed(
                    "cli/src/main/java/dev/progressivebackoff/cli/internal/bench/BenchWorkerMain.java",
                    1,
                    "one line to the parent's pipe"),
            reviewed(
                    "client/src/main/java/dev/progressivebackoff/client/internal/TierObserver.java",
                    1,
                    "the tracker adopts a tier in memory"),
            reviewed(
                    "client/src/main/java/dev/progressivebackoff/client/internal/TokenEstimator.java",
                    3,
                    "arithmetic on a few fields"),
            reviewed(
                    "simulator/src/main/java/dev/progressivebackoff/simulator/internal/FaultInjector.java",
                    2,
                    "one random draw"),
            reviewed(
                    "simulator/src/main/java/dev/progressivebackoff/simulator/internal/ProviderHandler.java",
                    2,
                    "a token window's bookkeeping; one random draw"),
            reviewed(
                    "simulator/src/main/java/dev/progressivebackoff/simulator/internal/RequestWindow.java",
                    4,
                    "a sliding window's bookkeeping"),
            reviewed(
                    "test-support/src/main/java/dev/progressivebackoff/testsupport/FakeClock.java",
                    11,
                    "virtual time; a parked fake sleep waits on the monitor, which releases it"),
            reviewed(
                    "verification/src/main/java/dev/progressivebackoff/verification/SimulatedClock.java",
                    7,
                    "virtual time: a sleep only advances it"),
            reviewed(
                    "verification/src/main/java/dev/progressivebackoff/verification/endtoend/AlwaysRateLimitedServer.java",
                    3,
                    "a list of the requests received"));

    record Reviewed(int count, String why) {}

    private static Map.Entry<String, Reviewed> reviewed(String file, int count, String why) {
        return Map.entry(file, new Reviewed(count, why));
    }

    @Test
    void everyMonitorInMainCodeIsReviewed() throws IOException {
        Path root = repositoryRoot();
        Map<String, Integer> found;
        try (Stream<Path> files = Files.walk(root)) {
            found = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> root.relativize(file).toString().contains("/src/main/java/"))
                    .filter(file -> !isBuildOutput(root.relativize(file)))
                    .collect(Collectors.toMap(
                            file -> root.relativize(file).toString().replace('\\', '/'),
                            MonitorUsageTest::monitors,
                            Integer::sum,
                            TreeMap::new));
        }
        found.values().removeIf(count -> count == 0);

        Map<String, Integer> expected = new TreeMap<>();
        REVIEWED.forEach((file, reviewed) -> expected.put(file, reviewed.count()));
        assertThat(found)
                .as("synchronized in main code: none may do network I/O or sleep; review each new one (see the"
                        + " class comment)")
                .isEqualTo(expected);
    }

    @Test
    void aNewMonitorIsCounted() {
        assertThat(count("class A {\n    synchronized void a() {}\n    // synchronized in a comment\n"
                        + "    void b() { synchronized (this) { } }\n}\n"))
                .isEqualTo(2);
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().equals("target") || segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static int monitors(Path file) {
        try {
            return count(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String source) {
        int count = 0;
        for (Matcher m = SYNCHRONIZED.matcher(source); m.find(); ) {
            count++;
        }
        return count;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("cli/src/main/java"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above the working directory").isNotNull();
        return dir;
    }
}
