package dev.progressivebackoff.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Real worker JVMs: their lines (stdout and stderr) are collected and watched, stdin reaches them, exits count. */
class WorkerJvmsTest {

    private static final WorkerJvms.Launch LAUNCH = new WorkerJvms.Launch(
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            EchoWorkerMain.class.getName(),
            List.of("-Xmx64m"),
            Map.of("ECHO_WORKER_TAG", "tagged"));

    @Test
    void collectsEveryWorkersLinesAndPassesThemToTheWatcher() throws InterruptedException {
        List<WorkerJvms.Line> watched = new CopyOnWriteArrayList<>();
        try (WorkerJvms workers = WorkerJvms.start(LAUNCH, List.of(List.of("0"), List.of("0")), "echo", watched::add)) {
            workers.tellAll("go");

            assertThat(workers.awaitExit(60)).isEmpty();
            assertThat(workers.lines()).containsExactlyInAnyOrderElementsOf(watched);
            for (int worker = 0; worker < 2; worker++) {
                assertThat(workers.lines())
                        .contains(
                                new WorkerJvms.Line(worker, "READY 0"),
                                new WorkerJvms.Line(worker, "GOT go tagged"),
                                new WorkerJvms.Line(worker, "on stderr"));
            }
        }
    }

    @Test
    void reportsTheFirstWorkerThatExitsWithAnError() throws InterruptedException {
        try (WorkerJvms workers = WorkerJvms.start(LAUNCH, List.of(List.of("0"), List.of("3")), "echo", line -> {})) {
            workers.tellAll("go");

            assertThat(workers.awaitExit(60)).contains(new WorkerJvms.Failure(1, OptionalInt.of(3)));
        }
    }

    @Test
    void reportsAWorkerStillRunningAtTheDeadline() throws InterruptedException {
        try (WorkerJvms workers = WorkerJvms.start(LAUNCH, List.of(List.of("0")), "echo", line -> {})) {
            assertThat(workers.awaitExit(0)).contains(new WorkerJvms.Failure(0, OptionalInt.empty()));
        }
    }
}
