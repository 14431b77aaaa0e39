package dev.progressivebackoff.cli.internal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs running {@link BenchWorkerMain} on this program's own class path, their output lines collected
 * as they come. Closing it kills any worker still running.
 */
final class WorkerFleet implements AutoCloseable {

    /** One output line of one worker. */
    record Line(int worker, String text) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready;

    private WorkerFleet(int workers) {
        this.ready = new CountDownLatch(workers);
    }

    /**
     * Starts one JVM per argument list, each with {@code apiKey} in its environment.
     *
     * @throws UncheckedIOException if a JVM cannot be started
     */
    static WorkerFleet start(List<List<String>> argumentsPerWorker, String apiKey) {
        WorkerFleet fleet = new WorkerFleet(argumentsPerWorker.size());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        for (int worker = 0; worker < argumentsPerWorker.size(); worker++) {
            List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath,
                    BenchWorkerMain.class.getName()));
            command.addAll(argumentsPerWorker.get(worker));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(BenchWorkerMain.API_KEY_ENV, apiKey);
            try {
                Process process = builder.start();
                fleet.processes.add(process);
                fleet.readers.add(fleet.read(worker, process));
            } catch (IOException e) {
                fleet.close();
                throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
            }
        }
        return fleet;
    }

    /**
     * Waits until every worker printed {@code READY}.
     *
     * @throws IllegalStateException if one is not ready in time, with its output
     */
    void awaitReady() throws InterruptedException {
        if (!ready.await(BenchWorkerMain.START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the workers did not start in " + BenchWorkerMain.START_TIMEOUT
                    .toSeconds() + " s:\n" + output());
        }
    }

    /**
     * Tells every worker {@code GO}.
     *
     * @throws IllegalStateException if one exited already
     */
    void go() {
        for (Process process : processes) {
            try {
                OutputStream in = process.getOutputStream();
                in.write("GO\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
            } catch (IOException e) {
                throw new IllegalStateException("a worker exited before the start:\n" + output(), e);
            }
        }
    }

    /**
     * Waits for every worker to exit.
     *
     * @throws IllegalStateException if one exits with an error or runs past {@code timeoutSeconds}
     */
    void awaitExit(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (Process process : processes) {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("a worker did not finish in " + timeoutSeconds + " s:\n" + output());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("a worker exited with " + process.exitValue() + ":\n" + output());
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

    private String output() {
        StringBuilder text = new StringBuilder();
        lines.stream().filter(line -> !line.text().startsWith("DONE ")).limit(100)
                .forEach(line -> text.append("worker ").append(line.worker()).append(": ").append(line.text())
                        .append('\n'));
        return text.toString();
    }

    private Thread read(int worker, Process process) {
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String text;
                while ((text = output.readLine()) != null) {
                    lines.add(new Line(worker, text));
                    if (text.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException stopped) {
                // the worker was killed; what it printed so far is kept
            }
        }, "backoff-bench-worker-" + worker + "-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
