package dev.progressivebackoff.pacer.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Separate JVMs running {@link PacingWorkerMain} on the test class path, their output lines collected as
 * they come. Each line is also passed to a watcher, so a test can act when the run reaches some point.
 */
final class WorkerProcesses implements AutoCloseable {

    /** One line of one worker. */
    record Line(int worker, String text) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** Starts one worker JVM per argument list; {@code watcher} sees every line. */
    static WorkerProcesses start(List<List<String>> argumentsPerWorker, Consumer<Line> watcher) {
        WorkerProcesses workers = new WorkerProcesses();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (int worker = 0; worker < argumentsPerWorker.size(); worker++) {
            List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-cp", classPath, PacingWorkerMain.class.getName()));
            command.addAll(argumentsPerWorker.get(worker));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                workers.processes.add(process);
                workers.readers.add(workers.read(worker, process, watcher));
            } catch (IOException e) {
                workers.close();
                throw new UncheckedIOException(e);
            }
        }
        return workers;
    }

    /** Waits for every worker to exit within {@code seconds}; fails if one does not, or exits non-zero. */
    void awaitExit(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int worker = 0; worker < processes.size(); worker++) {
            Process process = processes.get(worker);
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("worker " + worker + " did not finish in time; output:\n" + outputOf(worker));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("worker " + worker + " exited with " + process.exitValue() + ":\n"
                        + outputOf(worker));
            }
        }
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** Every line so far. */
    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }

    private String outputOf(int worker) {
        StringBuilder out = new StringBuilder();
        lines.stream().filter(line -> line.worker() == worker).limit(200)
                .forEach(line -> out.append(line.text()).append('\n'));
        return out.toString();
    }

    private Thread read(int worker, Process process, Consumer<Line> watcher) {
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String text;
                while ((text = output.readLine()) != null) {
                    Line line = new Line(worker, text);
                    lines.add(line);
                    watcher.accept(line);
                }
            } catch (IOException ignored) {
                // the worker was stopped
            }
        }, "worker-" + worker + "-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
