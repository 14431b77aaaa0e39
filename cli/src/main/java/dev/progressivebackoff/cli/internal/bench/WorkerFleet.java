package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.support.WorkerJvms;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs running {@link BenchWorkerMain} on this program's own class path, their output lines collected
 * as they come; each says {@code READY}, waits for {@code GO}, runs. Closing it kills any worker still running.
 */
final class WorkerFleet implements AutoCloseable {

    private final CountDownLatch ready;
    private final WorkerJvms workers;

    private WorkerFleet(CountDownLatch ready, WorkerJvms workers) {
        this.ready = ready;
        this.workers = workers;
    }

    /**
     * Starts one JVM per argument list, each with {@code apiKey} in its environment.
     *
     * @throws UncheckedIOException if a JVM cannot be started
     */
    static WorkerFleet start(List<List<String>> argumentsPerWorker, String apiKey) {
        CountDownLatch ready = new CountDownLatch(argumentsPerWorker.size());
        WorkerJvms.Launch launch = new WorkerJvms.Launch(
                System.getProperty("java.class.path"),
                BenchWorkerMain.class.getName(),
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                Map.of(BenchWorkerMain.API_KEY_ENV, apiKey));
        return new WorkerFleet(ready, WorkerJvms.start(launch, argumentsPerWorker, "backoff-bench-worker", line -> {
            if (line.text().equals("READY")) {
                ready.countDown();
            }
        }));
    }

    /**
     * Waits until every worker printed {@code READY}.
     *
     * @throws IllegalStateException if one is not ready in time, with its output
     */
    void awaitReady() throws InterruptedException {
        if (!ready.await(BenchWorkerMain.START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                    "the workers did not start in " + BenchWorkerMain.START_TIMEOUT.toSeconds() + " s:\n" + output());
        }
    }

    /**
     * Tells every worker {@code GO}.
     *
     * @throws IllegalStateException if one exited already
     */
    void go() {
        try {
            workers.tellAll("GO");
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("a worker exited before the start:\n" + output(), e.getCause());
        }
    }

    /**
     * Waits for every worker to exit.
     *
     * @throws IllegalStateException if one exits with an error or runs past {@code timeoutSeconds}
     */
    void awaitExit(long timeoutSeconds) throws InterruptedException {
        Optional<WorkerJvms.Failure> failure = workers.awaitExit(timeoutSeconds);
        if (failure.isPresent()) {
            throw new IllegalStateException(
                    failure.get().exitCode().isEmpty()
                            ? "a worker did not finish in " + timeoutSeconds + " s:\n" + output()
                            : "a worker exited with " + failure.get().exitCode().getAsInt() + ":\n" + output());
        }
    }

    /** Every line so far. */
    List<WorkerJvms.Line> lines() {
        return workers.lines();
    }

    @Override
    public void close() {
        workers.close();
    }

    private String output() {
        StringBuilder text = new StringBuilder();
        workers.lines().stream()
                .filter(line -> !line.text().startsWith("DONE "))
                .limit(100)
                .forEach(line -> text.append("worker ")
                        .append(line.worker())
                        .append(": ")
                        .append(line.text())
                        .append('\n'));
        return text.toString();
    }
}
