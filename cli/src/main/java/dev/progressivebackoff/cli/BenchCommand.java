package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.progressivebackoff.cli.internal.DurationConverter;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.RunOptions;
import dev.progressivebackoff.cli.internal.bench.BenchReport;
import dev.progressivebackoff.cli.internal.bench.BenchResult;
import dev.progressivebackoff.cli.internal.bench.BenchRunner;
import dev.progressivebackoff.cli.internal.bench.BenchSetup;
import dev.progressivebackoff.cli.internal.bench.BenchStrategy;
import dev.progressivebackoff.cli.internal.bench.EndpointBenchRunner;
import dev.progressivebackoff.cli.internal.bench.MultiProcessBench;
import dev.progressivebackoff.cli.internal.bench.MultiProcessReport;
import dev.progressivebackoff.cli.internal.bench.MultiProcessResult;
import dev.progressivebackoff.cli.internal.bench.TokenBenchReport;
import dev.progressivebackoff.cli.internal.bench.TokenBenchResult;
import dev.progressivebackoff.cli.internal.bench.TokenBenchRunner;
import dev.progressivebackoff.cli.internal.bench.TokenBenchSetup;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * {@code backoff bench}: runs the same batch once per strategy through the real client, printing completed,
 * attempts, 429s, failed, wall time, ideal time and their ratio. By default it starts the simulated provider
 * enforcing a strict quota (real time, loopback) for each strategy; with {@code --endpoint} it runs against an
 * external endpoint at the quota given, counting on the client side.
 */
@Parameters(
        commandNames = "bench",
        commandDescription = "Measure reactive backoff against pacing on a "
                + "simulated provider that enforces a strict quota, or on an external endpoint (--endpoint)")
public final class BenchCommand extends Subcommand {

    /** The quota when neither --rpm nor --tier is given. */
    static final int DEFAULT_RPM = 120;

    /** The RPM of the token-bound scenario when neither --rpm nor --tier is given: tier3's. */
    static final int DEFAULT_TOKEN_RPM = 5_000;

    /** The tokens of each request in the token-bound scenario unless --request-tokens says otherwise. */
    static final int DEFAULT_REQUEST_TOKENS = 500;

    /** The window of the token-bound scenario unless --window says otherwise. */
    static final Duration DEFAULT_TOKEN_WINDOW = Duration.ofSeconds(1);

    @Parameter(
            names = "--rpm",
            description = "Requests per minute the server enforces (no burst); with "
                    + "--endpoint, the endpoint's quota (required unless --tier)",
            defaultValueDescription = "120",
            order = 1)
    private Integer rpm;

    @Parameter(
            names = "--tier",
            description = "A Moonshot tier to enforce instead: free, tier1 ... tier5 (its RPM " + "and concurrency)",
            order = 2)
    private String tier;

    @Parameter(names = "--requests", description = "Requests in the batch", order = 3)
    private int requests = 40;

    @Parameter(names = "--concurrency", description = "Worker threads sending them", order = 4)
    private int concurrency = 8;

    @Parameter(
            names = "--latency-ms",
            description = "Milliseconds the server takes per admitted request (not " + "with --endpoint)",
            order = 5)
    private int latencyMs = 0;

    @Parameter(
            names = "--strategies",
            description = "Comma-separated: reactive (the documented backoff alone), "
                    + "paced (the default client), fixed-margin (a reference: starts 1.02 x 60 s / RPM apart, nothing "
                    + "learnt, the documented backoff on 429), rpm-only (the pacer without token budgets: the "
                    + "baseline of --tpm)",
            order = 6)
    private String strategies = "reactive,paced";

    @Parameter(names = "--format", description = "table or json", order = 7)
    private String format = "table";

    @Parameter(
            names = "--window",
            description = "The sliding window the server counts the quota over (it "
                    + "admits RPM × window / 60 s requests per window; not with --endpoint)",
            converter = DurationConverter.class,
            defaultValueDescription = "60 s / RPM: one request per window, no burst",
            order = 8)
    private Duration window;

    @Parameter(
            names = "--workers",
            description =
                    "Worker JVMs sharing one API key through --redis (paced only); " + "--concurrency threads each",
            order = 9)
    private int workers = 1;

    @Parameter(
            names = "--redis",
            description = "The Redis the workers pace through: redis://HOST:PORT[/DB]",
            order = 10)
    private String redis;

    @Parameter(
            names = "--endpoint",
            description = "Run against this external OpenAI-compatible endpoint instead "
                    + "of the simulated provider, at the quota of --rpm or --tier. Nothing is started and nothing is sent "
                    + "but the batch (no warm-up: the client is measured from cold). Each strategy gets a fresh client "
                    + "with a generated throwaway key, sk-bench-<strategy>-<8 hex digits> (never yours; never printed; "
                    + "plain http:// is accepted to any host), and sends X-Bench-Run: <strategy> on every request "
                    + "(paced-redis with --workers). Attempts and 429s are counted by the client",
            order = 11)
    private String endpoint;

    @Parameter(
            names = "--pause",
            description = "With --endpoint: the wait between two strategies, so that the "
                    + "limiter has forgotten the previous one (e.g. 60s for a limiter counting per minute)",
            converter = DurationConverter.class,
            defaultValueDescription = "the larger of 1 s and 60 s / RPM",
            order = 12)
    private Duration pause;

    @Parameter(
            names = "--tpm",
            description = "The token-bound scenario: the server also enforces this many tokens per minute (over "
                    + "--window, default 1 s) and every request carries about --request-tokens tokens; strategies "
                    + "rpm-only (the pacer without token budgets) and paced by default; the ideal is total tokens / "
                    + "TPM; with --endpoint, its limiter's TPM and fixed window (not with --workers)",
            order = 13)
    private Long tpm;

    @Parameter(
            names = "--request-tokens",
            description = "With --tpm: about how many tokens each request uses (prompt and answer)",
            order = 14)
    private int requestTokens = DEFAULT_REQUEST_TOKENS;

    private final RandomGenerator keys = new SecureRandom();

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "table", "json");
        if (tpm != null) {
            return runTokens(context, tokenSetup(assigned), output.equals("json"));
        }
        if (assigned.contains("--request-tokens")) {
            throw new UsageException("--request-tokens needs --tpm: it sizes the token-bound scenario's requests");
        }
        BenchSetup setup = setup(assigned);
        if (redis != null || workers > 1) {
            return runWorkers(context, setup, output.equals("json"));
        }
        context.err()
                .println("backoff bench: running " + setup.strategies().size() + " strategies of "
                        + setup.requests() + " requests each (ideal "
                        + setup.ideal().toMillis() / 1000.0 + " s each)"
                        + setup.endpoint()
                                .map(url ->
                                        " against " + url + ", " + setup.pause().toMillis() / 1000.0 + " s apart")
                                .orElse("")
                        + "...");
        List<BenchResult> results = setup.external()
                ? new EndpointBenchRunner(setup, SystemTimeSource.INSTANCE, SystemSleeper.INSTANCE, keys).run()
                : new BenchRunner(setup, SystemTimeSource.INSTANCE, SystemSleeper.INSTANCE, keys).run();
        BenchReport report = new BenchReport(setup, results);
        if (output.equals("json")) {
            report.json(context.out());
        } else {
            report.table(context.out());
        }
        return OK;
    }

    private int runTokens(CliContext context, TokenBenchSetup setup, boolean json) throws InterruptedException {
        context.err()
                .println("backoff bench: running " + setup.strategies().size() + " strategies of "
                        + setup.requests() + " requests of about " + setup.requestTokens() + " tokens each at "
                        + setup.tpm() + " TPM...");
        List<TokenBenchResult> results =
                new TokenBenchRunner(setup, SystemTimeSource.INSTANCE, SystemSleeper.INSTANCE, keys).run();
        TokenBenchReport report = new TokenBenchReport(setup, results);
        if (json) {
            report.json(context.out());
        } else {
            report.table(context.out());
        }
        return OK;
    }

    private TokenBenchSetup tokenSetup(Set<String> assigned) {
        for (String external : List.of("--workers", "--redis", "--latency-ms")) {
            if (assigned.contains(external)) {
                throw new UsageException(external + " has no meaning with --tpm: the token-bound scenario runs "
                        + "in this process against the simulated provider or --endpoint");
            }
        }
        if (pause != null && endpoint == null) {
            throw new UsageException("--pause needs --endpoint: the simulated provider is fresh for each strategy");
        }
        if (rpm != null && tier != null) {
            throw new UsageException("--rpm and --tier exclude each other");
        }
        int requestsPerMinute = tier != null
                ? quota().requestsPerMinute()
                : Formats.positive("--rpm", rpm == null ? DEFAULT_TOKEN_RPM : rpm);
        if (tpm < 1) {
            throw new UsageException("--tpm must be positive: " + tpm);
        }
        String chosen = assigned.contains("--strategies") ? strategies : "rpm-only,paced";
        try {
            return new TokenBenchSetup(
                    requestsPerMinute,
                    tpm,
                    Formats.positive("--requests", requests),
                    requestTokens,
                    Formats.positive("--concurrency", concurrency),
                    window == null ? DEFAULT_TOKEN_WINDOW : window,
                    BenchStrategy.parseList("--strategies", chosen),
                    tokenEndpoint(),
                    pause == null ? (window == null ? DEFAULT_TOKEN_WINDOW : window).multipliedBy(2) : pause);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--tpm: " + bad.getMessage());
        }
    }

    private Optional<String> tokenEndpoint() {
        if (endpoint == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    ClientSettings.builder().withEndpoint(endpoint).build().endpoint());
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--endpoint: " + bad.getMessage());
        }
    }

    private int runWorkers(CliContext context, BenchSetup setup, boolean json) throws InterruptedException {
        Formats.positive("--workers", workers);
        if (redis == null) {
            throw new UsageException("--workers needs --redis: separate processes share a quota only through it");
        }
        if (pause != null) {
            throw new UsageException("--pause has no meaning with --workers: the workers make one run");
        }
        URI uri;
        try {
            uri = RunOptions.defaults().withRedis(new URI(redis.trim())).redis().orElseThrow();
        } catch (URISyntaxException | IllegalArgumentException bad) {
            throw new UsageException("--redis: " + bad.getMessage());
        }
        context.err()
                .println("backoff bench: " + workers + " worker JVMs, " + setup.requests() + " requests in all, "
                        + "paced through " + uri
                        + setup.endpoint().map(url -> " against " + url).orElse("")
                        + " (ideal " + setup.ideal().toMillis() / 1000.0 + " s)...");
        MultiProcessResult result = new MultiProcessBench(
                        setup, workers, uri, SystemTimeSource.INSTANCE, SystemSleeper.INSTANCE, keys)
                .run();
        MultiProcessReport report = new MultiProcessReport(setup, workers, result);
        if (json) {
            report.json(context.out());
        } else {
            report.table(context.out());
        }
        return result.failed() > 0 ? FAILED : OK;
    }

    private BenchSetup setup(Set<String> assigned) {
        if (rpm != null && tier != null) {
            throw new UsageException("--rpm and --tier exclude each other");
        }
        Formats.positive("--requests", requests);
        Formats.positive("--concurrency", concurrency);
        if (latencyMs < 0) {
            throw new UsageException("--latency-ms must not be negative: " + latencyMs);
        }
        if (endpoint != null) {
            return externalSetup(assigned);
        }
        if (pause != null) {
            throw new UsageException("--pause needs --endpoint: the simulated provider is fresh for each strategy");
        }
        Tier enforced = quota();
        try {
            return new BenchSetup(
                    enforced,
                    requests,
                    concurrency,
                    Duration.ofMillis(latencyMs),
                    BenchStrategy.parseList("--strategies", strategies),
                    window == null ? BenchSetup.strictWindow(enforced) : window);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--window: " + bad.getMessage());
        }
    }

    private BenchSetup externalSetup(Set<String> assigned) {
        if (assigned.contains("--latency-ms")) {
            throw new UsageException("--latency-ms has no meaning with --endpoint: the server is external");
        }
        if (window != null) {
            throw new UsageException("--window has no meaning with --endpoint: the server is external (--pause "
                    + "lets its window empty between strategies)");
        }
        if (rpm == null && tier == null) {
            throw new UsageException("--endpoint needs --rpm N (the endpoint's quota) or --tier NAME");
        }
        if (pause != null && pause.isNegative()) {
            throw new UsageException("--pause must not be negative: " + pause);
        }
        String url;
        try {
            url = ClientSettings.builder().withEndpoint(endpoint).build().endpoint();
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--endpoint: " + bad.getMessage());
        }
        Tier quota = quota();
        return BenchSetup.external(
                quota,
                requests,
                concurrency,
                BenchStrategy.parseList("--strategies", strategies),
                url,
                pause == null ? BenchSetup.defaultExternalPause(quota) : pause);
    }

    /** The tier of --tier, else a custom one at --rpm (default {@value #DEFAULT_RPM}). */
    private Tier quota() {
        if (tier != null) {
            try {
                return TierCatalog.moonshot().require(tier);
            } catch (IllegalArgumentException unknown) {
                throw new UsageException("--tier: " + unknown.getMessage());
            }
        }
        return Tier.custom(Formats.positive("--rpm", rpm == null ? DEFAULT_RPM : rpm));
    }
}
