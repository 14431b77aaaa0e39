package dev.progressivebackoff.cli.internal.batch;

import dev.progressivebackoff.cli.internal.Formats;
import java.io.PrintStream;
import java.util.OptionalLong;

/** Progress as plain lines, about ten per run, for logs and pipes. Thread-safe. */
public final class ProgressLines implements Progress {

    private final PrintStream err;
    private final OptionalLong tokensPerMinute;
    private int lastPrinted = -1;

    /** Prints to {@code err}, the ETA at the pace so far. */
    public ProgressLines(PrintStream err) {
        this(err, OptionalLong.empty());
    }

    /** Prints to {@code err}, the ETA also bounded by the remaining tokens at {@code tokensPerMinute}, if any. */
    public ProgressLines(PrintStream err, OptionalLong tokensPerMinute) {
        this.err = err;
        this.tokensPerMinute = tokensPerMinute;
    }

    @Override
    public synchronized void update(RunCounts counts) {
        int step = Math.max(1, counts.total() / 10);
        int finished = counts.finished();
        if (finished == lastPrinted || finished % step != 0 && finished != counts.total()) {
            return;
        }
        lastPrinted = finished;
        err.println(line(counts, tokensPerMinute));
    }

    /** {@code progress: 10/40 (25%), 0 failed, 3 rate-limited, ETA ~3 s}. */
    static String line(RunCounts counts, OptionalLong tokensPerMinute) {
        return "progress: " + counts.finished() + "/" + counts.total() + " ("
                + (counts.total() == 0 ? 100 : counts.finished() * 100 / counts.total()) + "%), "
                + counts.done() + " done, " + counts.failed() + " failed, " + counts.rateLimited() + " rate-limited"
                + counts.eta(tokensPerMinute)
                        .map(eta -> ", ETA " + Formats.approximately(eta))
                        .orElse("");
    }

    @Override
    public void close() {
        err.flush();
    }
}
