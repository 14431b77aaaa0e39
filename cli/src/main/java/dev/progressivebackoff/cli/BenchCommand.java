package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.progressivebackoff.cli.internal.DurationConverter;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.bench.BenchReport;
import dev.progressivebackoff.cli.internal.bench.BenchResult;
import dev.progressivebackoff.cli.internal.bench.BenchRunner;
import dev.progressivebackoff.cli.internal.bench.BenchSetup;
import dev.progressivebackoff.cli.internal.bench.BenchStrategy;
import dev.progressivebackoff.cli.internal.bench.MultiProcessBench;
import dev.progressivebackoff.cli.internal.bench.MultiProcessReport;
import dev.progressivebackoff.cli.internal.bench.MultiProcessResult;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.transport.httpclient5.BackoffSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code backoff bench}: starts the simulated provider enforcing a strict quota (real time, loopback) and runs
 * the same batch once per strategy through the real client, printing completed, attempts, 429s, failed, wall
 * time, ideal time and their ratio.
 */
@Parameters(commandNames = "bench", commandDescription = "Measure reactive backoff against pacing on a "
        + "simulated provider that enforces a strict quota")
public final class BenchCommand extends Subcommand {

    /** The quota when neither --rpm nor --tier is given. */
    static final int DEFAULT_RPM = 120;

    @Parameter(names = "--rpm", description = "Requests per minute the server enforces (no burst)",
            defaultValueDescription = "120", order = 1)
    private Integer rpm;

    @Parameter(names = "--tier", description = "A Moonshot tier to enforce instead: free, tier1 ... tier5 (its RPM "
            + "and concurrency)", order = 2)
    private String tier;

    @Parameter(names = "--requests", description = "Requests in the batch", order = 3)
    private int requests = 40;

    @Parameter(names = "--concurrency", description = "Worker threads sending them", order = 4)
    private int concurrency = 8;

    @Parameter(names = "--latency-ms", description = "Milliseconds the server takes per admitted request",
            order = 5)
    private int latencyMs = 0;

    @Parameter(names = "--strategies", description = "Comma-separated: reactive (the documented backoff alone), "
            + "paced (the default client)", order = 6)
    private String strategies = "reactive,paced";

    @Parameter(names = "--format", description = "table or json", order = 7)
    private String format = "table";

    @Parameter(names = "--window", description = "The sliding window the server counts the quota over (it "
            + "admits RPM × window / 60 s requests per window)", converter = DurationConverter.class,
            defaultValueDescription = "60 s / RPM: one request per window, no burst", order = 8)
    private Duration window;

    @Parameter(names = "--workers", description = "Worker JVMs sharing one API key through --redis (paced only); "
            + "--concurrency threads each", order = 9)
    private int workers = 1;

    @Parameter(names = "--redis", description = "The Redis the workers pace through: redis://HOST:PORT[/DB]",
            order = 10)
    private String redis;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "table", "json");
        BenchSetup setup = setup();
        if (redis != null || workers > 1) {
            return runWorkers(context, setup, output.equals("json"));
        }
        context.err().println("backoff bench: running " + setup.strategies().size() + " strategies of "
                + setup.requests() + " requests each (ideal " + setup.ideal().toMillis() / 1000.0 + " s each)...");
        List<BenchResult> results = new BenchRunner(setup, SystemTimeSource.INSTANCE, SystemSleeper.INSTANCE).run();
        BenchReport report = new BenchReport(setup, results);
        if (output.equals("json")) {
            report.json(context.out());
        } else {
            report.table(context.out());
        }
        return OK;
    }

    private int runWorkers(CliContext context, BenchSetup setup, boolean json) throws InterruptedException {
        Formats.positive("--workers", workers);
        if (redis == null) {
            throw new UsageException("--workers needs --redis: separate processes share a quota only through it");
        }
        URI uri;
        try {
            uri = BackoffSettings.defaults().withRedis(new URI(redis.trim())).redis().orElseThrow();
        } catch (URISyntaxException | IllegalArgumentException bad) {
            throw new UsageException("--redis: " + bad.getMessage());
        }
        context.err().println("backoff bench: " + workers + " worker JVMs, " + setup.requests() + " requests in all, "
                + "paced through " + uri + " (ideal " + setup.ideal().toMillis() / 1000.0 + " s)...");
        MultiProcessResult result = new MultiProcessBench(setup, workers, uri, SystemTimeSource.INSTANCE,
                SystemSleeper.INSTANCE).run();
        MultiProcessReport report = new MultiProcessReport(setup, workers, result);
        if (json) {
            report.json(context.out());
        } else {
            report.table(context.out());
        }
        return result.failed() > 0 ? FAILED : OK;
    }

    private BenchSetup setup() {
        if (rpm != null && tier != null) {
            throw new UsageException("--rpm and --tier exclude each other");
        }
        Formats.positive("--requests", requests);
        Formats.positive("--concurrency", concurrency);
        if (latencyMs < 0) {
            throw new UsageException("--latency-ms must not be negative: " + latencyMs);
        }
        Tier enforced;
        if (tier != null) {
            try {
                enforced = TierCatalog.moonshot().require(tier);
            } catch (IllegalArgumentException unknown) {
                throw new UsageException("--tier: " + unknown.getMessage());
            }
        } else {
            enforced = Tier.custom(Formats.positive("--rpm", rpm == null ? DEFAULT_RPM : rpm));
        }
        try {
            return new BenchSetup(enforced, requests, concurrency, Duration.ofMillis(latencyMs),
                    BenchStrategy.parseList("--strategies", strategies),
                    window == null ? BenchSetup.strictWindow(enforced) : window);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--window: " + bad.getMessage());
        }
    }
}
