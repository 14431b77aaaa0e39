package dev.progressivebackoff.cli.internal.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints a benchmark's results as a table or as JSON (a stable shape). */
public final class BenchReport {

    private final BenchSetup setup;
    private final List<BenchResult> results;

    /** {@code one request per 0.5 s (no burst)} or {@code 10 requests per 1.0 s sliding window}. */
    static String windowText(BenchSetup setup) {
        return setup.strict()
                ? "one request per " + seconds(setup.window()) + " s (no burst)"
                : setup.perWindow() + " requests per " + seconds(setup.window()) + " s sliding window";
    }

    /** A report of {@code results}, measured with {@code setup}. */
    public BenchReport(BenchSetup setup, List<BenchResult> results) {
        this.setup = setup;
        this.results = List.copyOf(results);
    }

    /** The setup line, then one row per strategy. */
    public void table(PrintStream out) {
        heading(out);
        out.printf(
                Locale.ROOT,
                "%-12s %9s %8s %6s %6s %6s %7s %7s %10s%n",
                "strategy",
                "completed",
                "attempts",
                "429s",
                "429 %",
                "failed",
                "wall s",
                "ideal s",
                "wall/ideal");
        for (BenchResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-12s %9d %8d %6d %6.1f %6d %7.2f %7.2f %10.3f%n",
                    r.strategy().cliName(),
                    r.completed(),
                    r.attempts(),
                    r.rateLimited(),
                    r.rateLimitedPercent(),
                    r.failed(),
                    seconds(r.wall()),
                    seconds(r.ideal()),
                    r.ratio());
        }
    }

    /** The line that says what was measured: requests, workers, the quota and the ideal. */
    private void heading(PrintStream out) {
        if (setup.external()) {
            out.printf(
                    Locale.ROOT,
                    "Benchmark: %d requests, %d workers; endpoint %s, quota %d RPM; counted by the "
                            + "client; pause %.1f s between strategies; ideal %.1f s%n",
                    setup.requests(),
                    setup.concurrency(),
                    setup.endpoint().orElseThrow(),
                    setup.tier().requestsPerMinute(),
                    seconds(setup.pause()),
                    seconds(setup.ideal()));
        } else {
            out.printf(
                    Locale.ROOT,
                    "Benchmark: %d requests, %d workers; server: %d RPM as %s, "
                            + "%s in flight, latency %d ms; ideal %.1f s%n",
                    setup.requests(),
                    setup.concurrency(),
                    setup.tier().requestsPerMinute(),
                    BenchReport.windowText(setup),
                    setup.tier().maxConcurrency().isPresent()
                            ? "at most " + setup.tier().maxConcurrency().getAsInt()
                            : "any number",
                    setup.latency().toMillis(),
                    seconds(setup.ideal()));
        }
    }

    /**
     * {@code {"rpm":120,"tier":"custom-120rpm","requests":40,"concurrency":8,"latency_ms":0,"counted_by":"server",
     * "ideal_s":19.5,"strategies":[{"strategy":"paced","completed":40,"attempts":40,"rate_limited":0,"failed":0,
     * "wall_s":19.6,"ideal_s":19.5,"ratio":1.005}]}}; against an external endpoint {@code "endpoint":"https://...",
     * "pause_s":1.0} instead of {@code latency_ms}, and {@code "counted_by":"client"}.
     */
    public void json(PrintStream out) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("rpm", setup.tier().requestsPerMinute());
        root.put("tier", setup.tier().name());
        root.put("requests", setup.requests());
        root.put("concurrency", setup.concurrency());
        if (setup.external()) {
            root.put("endpoint", setup.endpoint().orElseThrow());
            root.put("pause_s", Formats.seconds(setup.pause()));
        } else {
            root.put("latency_ms", setup.latency().toMillis());
        }
        root.put("counted_by", setup.external() ? "client" : "server");
        root.put("ideal_s", Formats.seconds(setup.ideal()));
        ArrayNode rows = root.putArray("strategies");
        for (BenchResult r : results) {
            ObjectNode row = rows.addObject();
            row.put("strategy", r.strategy().cliName());
            row.put("completed", r.completed());
            row.put("attempts", r.attempts());
            row.put("rate_limited", r.rateLimited());
            row.put("failed", r.failed());
            row.put("wall_s", rounded(seconds(r.wall()), 3));
            row.put("ideal_s", Formats.seconds(r.ideal()));
            row.put("ratio", rounded(r.ratio(), 4));
        }
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static BigDecimal rounded(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
    }
}
