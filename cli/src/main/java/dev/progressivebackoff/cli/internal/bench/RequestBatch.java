package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sends {@code requests} small chat requests through one {@link TeacherClient} on {@code threads} worker
 * threads, each taking the next request when its previous one ends, and counts how they ended.
 */
final class RequestBatch {

    /** Told about each request as it ends (from the worker thread); must be thread-safe. */
    @FunctionalInterface
    interface Listener {

        /** Ignores everything. */
        Listener NONE = (ok, endNanos) -> {};

        /**
         * One request ended.
         *
         * @param ok       true when it was answered 200
         * @param endNanos when it ended, on the batch's time source
         */
        void onRequestEnd(boolean ok, long endNanos);
    }

    /**
     * How a batch ended.
     *
     * @param completed  requests answered 200
     * @param failed     requests given up on
     * @param unanswered of those, the ones the transport gave up on after I/O errors (no HTTP answer)
     * @param wall       from the start of the batch to the end of its last request
     * @param tokens     the total tokens the answered requests' {@code usage} reported
     */
    record Outcome(int completed, int failed, int unanswered, Duration wall, long tokens) {}

    private final TeacherClient client;
    private final int threads;
    private final TimeSource time;
    private final IntFunction<ChatRequest> requests;

    /** A batch of small requests (a short prompt, 16 tokens of answer at most). */
    RequestBatch(TeacherClient client, int threads, TimeSource time) {
        this(client, threads, time, RequestBatch::small);
    }

    /** A batch whose request number {@code index} is {@code requests.apply(index)}. */
    RequestBatch(TeacherClient client, int threads, TimeSource time, IntFunction<ChatRequest> requests) {
        this.client = Objects.requireNonNull(client, "client");
        this.threads = threads;
        this.time = Objects.requireNonNull(time, "time");
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    /** The default request: a short prompt naming its index, an answer of 16 tokens at most. */
    static ChatRequest small(int index) {
        return ChatRequest.builder()
                .withUserMessage("Benchmark request " + index)
                .withMaxTokens(16)
                .build();
    }

    /**
     * Runs {@code requests} requests.
     *
     * @throws InterruptedException if interrupted while waiting for the workers (they are interrupted too)
     */
    Outcome run(int requests, Listener listener) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        long start = time.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, requests); w++) {
            Thread worker = new Thread(
                    () -> {
                        for (int index = next.getAndIncrement(); index < requests; index = next.getAndIncrement()) {
                            Ending ending = send(index, tokens);
                            boolean ok = ending == Ending.COMPLETED;
                            (ok ? completed : failed).incrementAndGet();
                            if (ending == Ending.UNANSWERED) {
                                unanswered.incrementAndGet();
                            }
                            listener.onRequestEnd(ok, time.nanoTime());
                            if (Thread.currentThread().isInterrupted()) {
                                return;
                            }
                        }
                    },
                    "backoff-bench-" + w);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException interrupted) {
            workers.forEach(Thread::interrupt);
            throw interrupted;
        }
        return new Outcome(
                completed.get(),
                failed.get(),
                unanswered.get(),
                Duration.ofNanos(time.nanoTime() - start),
                tokens.get());
    }

    private Ending send(int index, AtomicLong tokens) {
        try {
            tokens.addAndGet(client.chat(requests.apply(index)).usage().totalTokens());
            return Ending.COMPLETED;
        } catch (RetryInterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Ending.FAILED;
        } catch (TransportException noAnswer) {
            return Ending.UNANSWERED;
        } catch (ProgressiveBackoffException gaveUp) {
            return Ending.FAILED;
        }
    }

    /** How one request ended. */
    private enum Ending {
        COMPLETED,
        FAILED,
        UNANSWERED
    }
}
