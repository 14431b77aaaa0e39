package dev.progressivebackoff.cli.internal.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the token-bound scenario's results as a table or as JSON (a stable shape). */
public final class TokenBenchReport {

    private final TokenBenchSetup setup;
    private final List<TokenBenchResult> results;

    /** A report of {@code results}, measured with {@code setup}. */
    public TokenBenchReport(TokenBenchSetup setup, List<TokenBenchResult> results) {
        this.setup = setup;
        this.results = List.copyOf(results);
    }

    /** The setup line, then one row per strategy. */
    public void table(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Token benchmark: %d requests of about %d tokens, %d workers; %s: %d RPM and %d TPM over a "
                        + "%.1f s%s window (%d tokens per window); ideal = tokens / TPM%n",
                setup.requests(),
                setup.requestTokens(),
                setup.concurrency(),
                setup.endpoint()
                        .map(url -> "endpoint " + url + ", counted by the client")
                        .orElse("server"),
                setup.rpm(),
                setup.tpm(),
                BenchReport.seconds(setup.window()),
                setup.endpoint().isPresent() ? "" : " sliding",
                setup.tokensPerWindow());
        out.printf(
                Locale.ROOT,
                "%-12s %9s %5s %8s %6s %6s %8s %7s %7s %10s%n",
                "strategy",
                "completed",
                "lost",
                "attempts",
                "429s",
                "429 %",
                "tokens",
                "wall s",
                "ideal s",
                "wall/ideal");
        for (TokenBenchResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-12s %9d %5d %8d %6d %6.1f %8d %7.2f %7.2f %10.3f%n",
                    r.strategy().cliName(),
                    r.completed(),
                    r.lost(),
                    r.attempts(),
                    r.rateLimited(),
                    r.rateLimitedPercent(),
                    r.tokens(),
                    BenchReport.seconds(r.wall()),
                    BenchReport.seconds(r.ideal()),
                    r.ratio());
        }
    }

    /**
     * {@code {"scenario":"tokens","rpm":5000,"tpm":120000,"requests":60,"request_tokens":500,"concurrency":8,
     * "window_s":1.0,"tokens_per_window":2000,"counted_by":"server","strategies":[{"strategy":"paced",
     * "completed":60,"lost":0,"attempts":60,"rate_limited":0,"rate_limited_pct":0.0,"tokens":30000,
     * "wall_s":15.2,"ideal_s":15.0,"ratio":1.013}]}}.
     */
    public void json(PrintStream out) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", "tokens");
        root.put("rpm", setup.rpm());
        root.put("tpm", setup.tpm());
        root.put("requests", setup.requests());
        root.put("request_tokens", setup.requestTokens());
        root.put("concurrency", setup.concurrency());
        root.put("window_s", Formats.seconds(setup.window()));
        root.put("tokens_per_window", setup.tokensPerWindow());
        setup.endpoint().ifPresent(url -> root.put("endpoint", url));
        root.put("counted_by", setup.endpoint().isPresent() ? "client" : "server");
        ArrayNode rows = root.putArray("strategies");
        for (TokenBenchResult r : results) {
            ObjectNode row = rows.addObject();
            row.put("strategy", r.strategy().cliName());
            row.put("completed", r.completed());
            row.put("lost", r.lost());
            row.put("attempts", r.attempts());
            row.put("rate_limited", r.rateLimited());
            row.put("rate_limited_pct", BenchReport.rounded(r.rateLimitedPercent(), 2));
            row.put("tokens", r.tokens());
            row.put("wall_s", BenchReport.rounded(BenchReport.seconds(r.wall()), 3));
            row.put("ideal_s", BenchReport.rounded(BenchReport.seconds(r.ideal()), 3));
            row.put("ratio", BenchReport.rounded(r.ratio(), 4));
        }
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
