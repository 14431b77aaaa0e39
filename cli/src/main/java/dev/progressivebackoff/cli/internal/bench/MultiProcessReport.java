package dev.progressivebackoff.cli.internal.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a multi-process benchmark's figures as a table or as JSON. */
public final class MultiProcessReport {

    private final BenchSetup setup;
    private final int workers;
    private final MultiProcessResult result;

    /** A report of {@code result}, measured with {@code workers} processes of {@code setup}. */
    public MultiProcessReport(BenchSetup setup, int workers, MultiProcessResult result) {
        this.setup = setup;
        this.workers = workers;
        this.result = result;
    }

    /** The setup, the aggregate figures, one row per worker, the fairness index. */
    public void table(PrintStream out) {
        int rpm = setup.tier().requestsPerMinute();
        out.printf(
                Locale.ROOT,
                "Multi-process benchmark: %d worker JVMs x %d threads, %d requests, one API key "
                        + "paced through Redis at %s; %s%n",
                workers,
                setup.concurrency(),
                setup.requests(),
                result.redis(),
                setup.external()
                        ? "endpoint " + setup.endpoint().orElseThrow() + ", quota " + rpm
                                + " RPM; attempts and 429s counted by the clients"
                        : "server: " + rpm + " RPM as " + BenchReport.windowText(setup));
        out.printf(
                Locale.ROOT,
                "aggregate rate while all %d ran (%.1f s): %.1f RPM = %.1f %% of the quota%n",
                workers,
                BenchReport.seconds(result.together()),
                result.rpmTogether(),
                100 * result.rpmTogether() / rpm);
        out.printf(
                Locale.ROOT,
                "completed %d, failed %d; attempts %d, 429s %d (%.1f %%); wall %.2f s, ideal %.2f s" + " (%.3f)%n",
                result.completed(),
                result.failed(),
                result.attempts(),
                result.rateLimited(),
                result.rateLimitedPercent(),
                BenchReport.seconds(result.wall()),
                BenchReport.seconds(result.ideal()),
                result.ideal().isZero()
                        ? 1.0
                        : BenchReport.seconds(result.wall()) / BenchReport.seconds(result.ideal()));
        out.printf(Locale.ROOT, "%-6s %9s %15s%n", "worker", "completed", "while all ran");
        for (int w = 0; w < result.perWorker().size(); w++) {
            out.printf(
                    Locale.ROOT,
                    "%-6d %9d %15d%n",
                    w,
                    result.perWorker().get(w),
                    result.perWorkerTogether().get(w));
        }
        out.printf(Locale.ROOT, "Jain's fairness index: %.4f%n", result.fairness());
        result.events().forEach(event -> out.println("event: " + event));
    }

    /** The same figures as one JSON object. */
    public void json(PrintStream out) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("rpm", setup.tier().requestsPerMinute());
        setup.endpoint().ifPresent(endpoint -> root.put("endpoint", endpoint));
        root.put("counted_by", setup.external() ? "client" : "server");
        root.put("workers", workers);
        root.put("threads_per_worker", setup.concurrency());
        root.put("requests", setup.requests());
        root.put("redis", result.redis());
        root.put("completed", result.completed());
        root.put("failed", result.failed());
        root.put("attempts", result.attempts());
        root.put("rate_limited", result.rateLimited());
        root.put("wall_s", BenchReport.rounded(BenchReport.seconds(result.wall()), 3));
        root.put("ideal_s", Formats.seconds(result.ideal()));
        root.put("together_s", BenchReport.rounded(BenchReport.seconds(result.together()), 3));
        root.put("rpm_together", BenchReport.rounded(result.rpmTogether(), 1));
        root.put(
                "quota_share",
                BenchReport.rounded(result.rpmTogether() / setup.tier().requestsPerMinute(), 4));
        root.put("fairness", BenchReport.rounded(result.fairness(), 4));
        ArrayNode rows = root.putArray("per_worker");
        for (int w = 0; w < result.perWorker().size(); w++) {
            rows.addObject()
                    .put("worker", w)
                    .put("completed", result.perWorker().get(w))
                    .put("while_all_ran", result.perWorkerTogether().get(w));
        }
        ArrayNode events = root.putArray("events");
        result.events().forEach(events::add);
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
