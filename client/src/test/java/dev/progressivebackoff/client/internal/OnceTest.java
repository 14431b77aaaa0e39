package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnceTest {

    private final Once once = new Once();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void runsOnlyOnce() {
        once.run(() -> true, runs::incrementAndGet);
        once.run(() -> true, runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void doesNotRunWhileNotNeededAndStillCanLater() {
        once.run(() -> false, runs::incrementAndGet);
        assertThat(runs).hasValue(0);

        once.run(() -> true, runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }

    @Test
    void anAsynchronousActionRunsOnceAndItsRunIsOverWhenItsStageCompletes() {
        // given an action whose stage the test completes
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<Void> first = once.runAsync(() -> true, () -> {
            runs.incrementAndGet();
            return stage;
        });
        CompletableFuture<Void> meanwhile = once.runAsync(() -> true, () -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture("again");
        });
        assertThat(first).isNotDone();
        assertThat(meanwhile).isNotDone();

        // when the stage fails
        stage.completeExceptionally(new IllegalStateException("boom"));

        // then only the claiming caller sees the failure, and the action is not run again
        assertThat(first).isCompletedExceptionally();
        assertThat(meanwhile).isCompleted().isNotCompletedExceptionally();
        once.run(() -> true, runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }

    @Test
    void anActionThatFailsOrCallsItselfIsNotRunAgain() {
        assertThatThrownBy(() -> once.run(() -> true, () -> {
                    runs.incrementAndGet();
                    once.run(() -> true, runs::incrementAndGet);
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        once.run(() -> true, runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void threadsArrivingMeanwhileWaitForTheRunAndDoNotRepeatIt() throws Exception {
        int threads = 8;
        AtomicInteger finishedRuns = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(threads);
        Queue<Thread> callers = new ConcurrentLinkedQueue<>();
        try {
            List<Future<Integer>> seen = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                seen.add(pool.submit(() -> {
                    start.await();
                    callers.add(Thread.currentThread());
                    arrived.countDown();
                    once.run(() -> true, () -> {
                        runs.incrementAndGet();
                        awaitOthersParked(arrived, callers);
                        finishedRuns.incrementAndGet();
                    });
                    return finishedRuns.get();
                }));
            }
            start.countDown();
            for (Future<Integer> result : seen) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCallerArrivingDuringTheRunParksInsteadOfBlockingOnAMonitor() throws Exception {
        // given a run in progress that holds until released
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> once.run(() -> true, () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        first.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

        // when a second caller arrives
        Thread second = new Thread(() -> once.run(() -> true, runs::incrementAndGet));
        second.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (second.getState() != Thread.State.WAITING
                && second.getState() != Thread.State.BLOCKED
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        // then it waits parked (a virtual thread could unmount), not blocked on a monitor, and never runs it
        Thread.State waiting = second.getState();
        release.countDown();
        first.join(30_000);
        second.join(30_000);
        assertThat(waiting).isEqualTo(Thread.State.WAITING);
        assertThat(runs).hasValue(0);
    }

    /** Holds the run until every other caller has arrived and is blocked waiting for it (no sleeping). */
    private static void awaitOthersParked(CountDownLatch arrived, Queue<Thread> callers) {
        try {
            assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread caller : callers) {
            while (caller != Thread.currentThread()
                    && caller.getState() == Thread.State.RUNNABLE
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }
}
