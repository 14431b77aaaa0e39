package dev.progressivebackoff.pacing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Named test threads whose failures are kept for the test to check. */
final class Workers {

    /** A worker's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();

    /** Starts a thread named {@code name} running {@code body}. */
    Thread start(String name, Body body) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Throwable failure) {
                        failures.put(name, failure);
                    } finally {
                        finished.incrementAndGet();
                    }
                },
                name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    /** How many bodies have ended, normally or not. */
    int finished() {
        return finished.get();
    }

    /** What each failed worker threw. */
    Map<String, Throwable> failures() {
        return Map.copyOf(failures);
    }

    /** Joins every thread (20 s at most each) and fails if one is still running or failed. */
    void joinAllAndCheck() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " is still running");
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("workers failed: " + failures.keySet());
            failures.values().forEach(error::addSuppressed);
            throw error;
        }
    }
}
