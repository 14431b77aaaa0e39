package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.progressivebackoff.cli.StopSignal;
import dev.progressivebackoff.core.TimeSource;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs samples through a {@link SampleClient} on {@code concurrency} worker threads, writing each
 * outcome as it arrives. Every sample ends the run recorded exactly once: in the output, in the failures
 * file, or — when the run is stopped — in the failures file as <em>not done</em>, so a resume runs it again.
 *
 * <p>When the stop signal trips, no new sample starts and the workers are interrupted, which ends any
 * backoff wait at once. The runner gives the workers a short grace period (a response already arriving is
 * still written), then records every sample not yet recorded as not done and returns; a worker that
 * finishes later can no longer write (see {@link ResultLog}).
 */
public final class BatchRunner {

    /** How long a stopped run waits for samples in flight before recording them as not done. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    private static final String STOPPED = "the run was stopped (Ctrl-C) before this sample finished; resume to run it";
    private static final String ABANDONED = "the run ended before this sample finished; resume to run it";
    private static final String DAILY = "the daily quota is spent; resume after it resets to run this sample";
    private static final String NOT_WRITTEN = "the run stopped because a result could not be written (%s) before "
            + "this sample was recorded; resume to run it";

    private final SampleClient client;
    private final ResultLog log;
    private final int concurrency;
    private final Progress progress;
    private final StopSignal stop;
    private final TimeSource time;
    private final Duration grace;

    /** A runner with the {@link #DEFAULT_GRACE default grace period}; nothing starts until {@link #run}. */
    public BatchRunner(
            SampleClient client, ResultLog log, int concurrency, Progress progress, StopSignal stop, TimeSource time) {
        this(client, log, concurrency, progress, stop, time, DEFAULT_GRACE);
    }

    /** A runner; {@code grace} is how long a stopped run waits for samples in flight. */
    public BatchRunner(
            SampleClient client,
            ResultLog log,
            int concurrency,
            Progress progress,
            StopSignal stop,
            TimeSource time,
            Duration grace) {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.log = Objects.requireNonNull(log, "log");
        this.concurrency = concurrency;
        this.progress = Objects.requireNonNull(progress, "progress");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.time = Objects.requireNonNull(time, "time");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /**
     * Runs every sample of {@code pending} (or until stopped).
     *
     * A result or failure line that cannot be written (a full disk) stops the run as a stop signal would: that
     * sample and every other not recorded are not done, and the summary says why.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting for the workers
     */
    public RunSummary run(List<Sample> pending) throws InterruptedException {
        RunState run = new RunState(pending, time.nanoTime(), pool(pending.size()));
        stop.onTrip(run::halt);
        for (int i = 0; i < concurrency && i < pending.size(); i++) {
            run.workers.execute(() -> work(run));
        }
        run.workers.shutdown();
        while (!run.stopping.get() && !run.workers.awaitTermination(100, TimeUnit.MILLISECONDS)) {
            // samples on a free tier can take long; a stop ends this wait
        }
        if (run.stopping.get()) {
            run.workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        Optional<String> cannotWrite =
                Optional.ofNullable(run.writeFailure.get()).map(RuntimeException::getMessage);
        String reason = cannotWrite
                .map(why -> NOT_WRITTEN.formatted(why))
                .orElse(run.stopping.get() ? STOPPED : run.dailyQuota.get() != null ? DAILY : ABANDONED);
        int unfinished = recordUnfinished(pending, reason);
        progress.close();
        Counts counts = run.counts;
        return new RunSummary(
                pending.size(),
                counts.done.get(),
                counts.failed.get(),
                unfinished,
                counts.rateLimited.get(),
                Duration.ofNanos(counts.waitedNanos.get()),
                Duration.ofNanos(time.nanoTime() - run.startNanos),
                stop.isTripped(),
                counts.tokens(),
                Optional.ofNullable(run.dailyQuota.get()),
                cannotWrite);
    }

    /** What the workers of one {@link #run} share. */
    private static final class RunState {
        final List<Sample> pending;
        final long startNanos;
        final ExecutorService workers;
        final Counts counts = new Counts();
        final AtomicInteger next = new AtomicInteger();
        final AtomicBoolean stopping = new AtomicBoolean();
        final AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        /** Set once a sample meets a spent daily quota: no new sample starts, those running finish. */
        final AtomicReference<Optional<Duration>> dailyQuota = new AtomicReference<>();

        RunState(List<Sample> pending, long startNanos, ExecutorService workers) {
            this.pending = pending;
            this.startNanos = startNanos;
            this.workers = workers;
        }

        /** Stops handing out samples and interrupts the workers. */
        void halt() {
            stopping.set(true);
            workers.shutdownNow();
        }
    }

    private ExecutorService pool(int samples) {
        return Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, samples)), runnable -> {
            Thread thread = new Thread(runnable, "backoff-run-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One worker: takes the next sample until none is left or the run stops. */
    private void work(RunState run) {
        List<Sample> pending = run.pending;
        while (!run.stopping.get()
                && run.dailyQuota.get() == null
                && !Thread.currentThread().isInterrupted()) {
            int index = run.next.getAndIncrement();
            if (index >= pending.size()) {
                return;
            }
            try {
                runOne(pending.get(index), run);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (UncheckedIOException cannotWrite) {
                run.writeFailure.compareAndSet(null, cannotWrite);
                run.halt();
                return;
            }
            if (!run.stopping.get()) {
                Duration elapsed = Duration.ofNanos(time.nanoTime() - run.startNanos);
                progress.update(run.counts.snapshot(pending.size(), elapsed));
            }
        }
    }

    private void runOne(Sample sample, RunState run) throws InterruptedException {
        Counts counts = run.counts;
        AtomicBoolean stopping = run.stopping;
        try {
            Completion completion = client.complete(sample);
            if (log.success(sample, completion)) {
                counts.done.incrementAndGet();
                counts.rateLimited.addAndGet(completion.rateLimited());
                counts.waitedNanos.addAndGet(completion.waited().toNanos());
                counts.add(completion.usage());
            }
        } catch (DailyQuotaSpentException spent) {
            // left for the resume: recorded as not done with the rest once the workers have stopped
            counts.rateLimited.addAndGet(spent.rateLimited());
            run.dailyQuota.accumulateAndGet(spent.resetIn(), BatchRunner::later);
        } catch (SampleFailedException failure) {
            if (log.failure(sample, failure)) {
                counts.failed.incrementAndGet();
                counts.rateLimited.addAndGet(failure.rateLimited());
            }
        } catch (UncheckedIOException cannotWrite) {
            throw cannotWrite;
        } catch (RuntimeException unexpected) {
            if (stopping.get()) {
                return;
            }
            String message = unexpected.getMessage() != null
                    ? unexpected.getMessage()
                    : unexpected.getClass().getSimpleName();
            if (log.failure(sample, new SampleFailedException(message, OptionalInt.empty(), 1, 0))) {
                counts.failed.incrementAndGet();
            }
        }
    }

    /** Lists every sample not recorded yet as not done; one whose line cannot be written is still not done. */
    private int recordUnfinished(List<Sample> pending, String reason) {
        int unfinished = 0;
        for (Sample sample : pending) {
            try {
                if (log.notDone(sample, reason)) {
                    unfinished++;
                }
            } catch (UncheckedIOException cannotWrite) {
                // Not in the output, so a resume runs it again; only its line in the failures file is missing.
                unfinished++;
            }
        }
        return unfinished;
    }

    /** The later of two resets; an unknown one only when neither is known. */
    private static Optional<Duration> later(Optional<Duration> known, Optional<Duration> next) {
        if (known == null || known.isEmpty()) {
            return next;
        }
        return next.isPresent() && next.get().compareTo(known.get()) > 0 ? next : known;
    }

    /** The counters the workers share. */
    private static final class Counts {
        private final AtomicLong promptTokens = new AtomicLong();
        private final AtomicLong completionTokens = new AtomicLong();
        private final AtomicLong totalTokens = new AtomicLong();

        void add(JsonNode usage) {
            promptTokens.addAndGet(usage.path("prompt_tokens").asLong(0));
            completionTokens.addAndGet(usage.path("completion_tokens").asLong(0));
            totalTokens.addAndGet(usage.path("total_tokens").asLong(0));
        }

        RunSummary.TokenTotals tokens() {
            return new RunSummary.TokenTotals(promptTokens.get(), completionTokens.get(), totalTokens.get());
        }

        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger rateLimited = new AtomicInteger();
        private final AtomicLong waitedNanos = new AtomicLong();

        RunCounts snapshot(int total, Duration elapsed) {
            return new RunCounts(total, done.get(), failed.get(), rateLimited.get(), elapsed, totalTokens.get());
        }
    }
}
