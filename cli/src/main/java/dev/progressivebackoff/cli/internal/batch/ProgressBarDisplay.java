package dev.progressivebackoff.cli.internal.batch;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr with done / failed / rate-limited counts and ETA, for terminals. Thread-safe. */
public final class ProgressBarDisplay implements Progress {

    private final ProgressBar bar;

    /** A bar for {@code total} samples drawn on {@code err}. */
    public ProgressBarDisplay(PrintStream err, int total) {
        this.bar = new ProgressBarBuilder()
                .setTaskName("run")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(200)
                .build();
    }

    @Override
    public synchronized void update(RunCounts counts) {
        bar.stepTo(counts.finished());
        bar.setExtraMessage(
                counts.done() + " done, " + counts.failed() + " failed, " + counts.rateLimited() + " rate-limited");
    }

    @Override
    public void close() {
        bar.close();
    }
}
