package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.support.WorkerJvms;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Separate JVMs running {@link PacingWorkerMain} on the test class path, their output lines collected as
 * they come. Each line is also passed to a watcher, so a test can act when the run reaches some point.
 */
final class WorkerProcesses implements AutoCloseable {

    private final WorkerJvms workers;

    private WorkerProcesses(WorkerJvms workers) {
        this.workers = workers;
    }

    /** Starts one worker JVM per argument list; {@code watcher} sees every line. */
    static WorkerProcesses start(List<List<String>> argumentsPerWorker, Consumer<WorkerJvms.Line> watcher) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        WorkerJvms.Launch launch =
                new WorkerJvms.Launch(classPath, PacingWorkerMain.class.getName(), List.of(), Map.of());
        return new WorkerProcesses(WorkerJvms.start(launch, argumentsPerWorker, "worker", watcher));
    }

    /** Waits for every worker to exit within {@code seconds}; fails if one does not, or exits non-zero. */
    void awaitExit(long seconds) throws InterruptedException {
        Optional<WorkerJvms.Failure> failure = workers.awaitExit(seconds);
        if (failure.isPresent()) {
            int worker = failure.get().worker();
            throw new AssertionError(
                    failure.get().exitCode().isEmpty()
                            ? "worker " + worker + " did not finish in time; output:\n" + outputOf(worker)
                            : "worker " + worker + " exited with "
                                    + failure.get().exitCode().getAsInt() + ":\n" + outputOf(worker));
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

    private String outputOf(int worker) {
        StringBuilder out = new StringBuilder();
        workers.lines().stream()
                .filter(line -> line.worker() == worker)
                .limit(200)
                .forEach(line -> out.append(line.text()).append('\n'));
        return out.toString();
    }
}
