package dev.progressivebackoff.cli.internal.batch;

import dev.progressivebackoff.cli.StopSignal;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs samples through a {@link SampleClient} on {@code concurrency} worker threads, writing each
 * outcome as it arrives. When the stop signal trips, no new sample starts and the workers are
 * interrupted: a sample whose response is already on its way finishes and is written, one waiting on a
 * backoff is left unfinished (it is not in the output, so a resume runs it again).
 */
public final class BatchRunner {

    private final SampleClient client;
    private final ResultLog log;
    private final int concurrency;
    private final Progress progress;
    private final StopSignal stop;
    private final TimeSource time;

    /** A runner; nothing starts until {@link #run}. */
    public BatchRunner(SampleClient client, ResultLog log, int concurrency, Progress progress, StopSignal stop,
                       TimeSource time) {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        }
        this.client = client;
        this.log = log;
        this.concurrency = concurrency;
        this.progress = progress;
        this.stop = stop;
        this.time = time;
    }

    /**
     * Runs every sample of {@code pending} (or until stopped).
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting for the workers
     */
    public RunSummary run(List<Sample> pending) throws InterruptedException {
        long start = time.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger rateLimited = new AtomicInteger();
        AtomicLong waitedNanos = new AtomicLong();
        AtomicBoolean stopping = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, pending.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "backoff-run-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        stop.onTrip(() -> {
            stopping.set(true);
            workers.shutdownNow();
        });
        Runnable worker = () -> {
            while (!stopping.get() && !Thread.currentThread().isInterrupted()) {
                int index = next.getAndIncrement();
                if (index >= pending.size()) {
                    return;
                }
                Sample sample = pending.get(index);
                try {
                    Completion completion = client.complete(sample);
                    log.success(sample, completion);
                    done.incrementAndGet();
                    rateLimited.addAndGet(completion.rateLimited());
                    waitedNanos.addAndGet(completion.waited().toNanos());
                } catch (SampleFailedException failure) {
                    log.failure(sample, failure);
                    failed.incrementAndGet();
                    rateLimited.addAndGet(failure.rateLimited());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException unexpected) {
                    if (stopping.get()) {
                        return;
                    }
                    log.failure(sample, new SampleFailedException(String.valueOf(unexpected.getMessage()),
                            OptionalInt.empty(), 1, 0));
                    failed.incrementAndGet();
                }
                progress.update(new RunCounts(pending.size(), done.get(), failed.get(), rateLimited.get(),
                        Duration.ofNanos(time.nanoTime() - start)));
            }
        };
        for (int i = 0; i < concurrency && i < pending.size(); i++) {
            workers.execute(worker);
        }
        workers.shutdown();
        while (!workers.awaitTermination(1, TimeUnit.HOURS)) {
            // keep waiting: samples on a free tier can take long
        }
        progress.close();
        int unfinished = pending.size() - done.get() - failed.get();
        return new RunSummary(pending.size(), done.get(), failed.get(), unfinished, rateLimited.get(),
                Duration.ofNanos(waitedNanos.get()), Duration.ofNanos(time.nanoTime() - start), stopping.get());
    }
}
