package dev.progressivebackoff.core.support;

import dev.progressivebackoff.core.SystemTimeSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Separate worker JVMs running one main class (the multi-process bench, the shared-pacer tests), their
 * output lines (stdout and stderr) collected as they come and each passed to a watcher, so the caller can act
 * when a run reaches some point. Closing it kills any worker still running.
 */
public final class WorkerJvms implements AutoCloseable {

    /**
     * How to start each worker.
     *
     * @param classPath   the workers' class path
     * @param mainClass   the class whose {@code main} each worker runs
     * @param jvmOptions  options before {@code -cp}, after the defaults (class data sharing, C1 only: quick start)
     * @param environment added to this JVM's environment
     */
    public record Launch(String classPath, String mainClass, List<String> jvmOptions, Map<String, String> environment) {

        public Launch {
            Objects.requireNonNull(classPath, "classPath");
            Objects.requireNonNull(mainClass, "mainClass");
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
        }
    }

    /** One output line of one worker (numbered from 0 in start order). */
    public record Line(int worker, String text) {}

    /**
     * A worker that did not end well.
     *
     * @param worker   its number
     * @param exitCode its exit code, or empty when it was still running at the deadline
     */
    public record Failure(int worker, OptionalInt exitCode) {}

    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final String threadPrefix;

    private WorkerJvms(String threadPrefix) {
        this.threadPrefix = threadPrefix;
    }

    /**
     * Starts one JVM per argument list.
     *
     * @param threadPrefix names the threads that read the workers' output ({@code <prefix>-<worker>-output})
     * @param watcher      sees every line, on a reader thread
     * @throws UncheckedIOException if a JVM cannot be started (those already started are killed)
     */
    public static WorkerJvms start(
            Launch launch, List<List<String>> argumentsPerWorker, String threadPrefix, Consumer<Line> watcher) {
        WorkerJvms workers = new WorkerJvms(threadPrefix);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int worker = 0; worker < argumentsPerWorker.size(); worker++) {
            List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
            command.addAll(launch.jvmOptions());
            command.addAll(List.of("-cp", launch.classPath(), launch.mainClass()));
            command.addAll(argumentsPerWorker.get(worker));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(launch.environment());
            try {
                Process process = builder.start();
                workers.processes.add(process);
                workers.readers.add(workers.read(worker, process, watcher));
            } catch (IOException e) {
                workers.close();
                throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
            }
        }
        return workers;
    }

    /**
     * Writes {@code line} and a newline to every worker's standard input.
     *
     * @throws UncheckedIOException if a worker exited already
     */
    public void tellAll(String line) {
        for (Process process : processes) {
            try {
                OutputStream in = process.getOutputStream();
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Waits for every worker to exit, in start order, then for their output to be read.
     *
     * @return the first worker still running at the deadline or exiting non-zero; empty if all exited with 0
     */
    public Optional<Failure> awaitExit(long timeoutSeconds) throws InterruptedException {
        long deadline = SystemTimeSource.INSTANCE.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int worker = 0; worker < processes.size(); worker++) {
            Process process = processes.get(worker);
            long left = deadline - SystemTimeSource.INSTANCE.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return Optional.of(new Failure(worker, OptionalInt.empty()));
            }
            if (process.exitValue() != 0) {
                return Optional.of(new Failure(worker, OptionalInt.of(process.exitValue())));
            }
        }
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
        return Optional.empty();
    }

    /** Every line so far, in the order they were read. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Kills every worker still running. */
    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }

    private Thread read(int worker, Process process, Consumer<Line> watcher) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader output = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String text;
                        while ((text = output.readLine()) != null) {
                            Line line = new Line(worker, text);
                            lines.add(line);
                            watcher.accept(line);
                        }
                    } catch (IOException stopped) {
                        // the worker was killed; what it printed so far is kept
                    }
                },
                threadPrefix + "-" + worker + "-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
