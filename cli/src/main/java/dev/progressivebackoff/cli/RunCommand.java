package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.progressivebackoff.cli.internal.DurationConverter;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.backoff.pacing.PacerRegistry;
import dev.progressivebackoff.cli.internal.SharedPacers;
import dev.progressivebackoff.cli.internal.SimulatedTiers;
import dev.progressivebackoff.cli.internal.batch.BatchRunner;
import dev.progressivebackoff.cli.internal.batch.Progress;
import dev.progressivebackoff.cli.internal.batch.ProgressBarDisplay;
import dev.progressivebackoff.cli.internal.batch.ProgressLines;
import dev.progressivebackoff.cli.internal.batch.ResultLog;
import dev.progressivebackoff.cli.internal.batch.RunSummary;
import dev.progressivebackoff.cli.internal.batch.Sample;
import dev.progressivebackoff.cli.internal.batch.SampleReader;
import dev.progressivebackoff.cli.internal.batch.TeacherSampleClient;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.transport.httpclient5.BackoffSettings;
import dev.progressivebackoff.transport.httpclient5.HealthCheck;
import dev.progressivebackoff.pacer.redis.CoordinationEvent;
import dev.progressivebackoff.pacer.redis.RedisPacersBuilder;
import dev.progressivebackoff.transport.httpclient5.TeacherClient;
import dev.progressivebackoff.transport.httpclient5.TeacherClientBuilder;
import dev.progressivebackoff.verification.provider.ProviderStats;
import dev.progressivebackoff.verification.provider.SimulatedProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code backoff run}: the batch job — JSONL prompts in, one JSON line per answer out, resumable. */
@Parameters(commandNames = "run", commandDescription = "Run a JSONL batch of prompts through the rate-limited client")
public final class RunCommand extends Subcommand {

    /** Worker threads when neither the flag nor a config file says. */
    static final int DEFAULT_CONCURRENCY = 4;

    @Parameter(names = "--input", description = "JSONL prompts: {\"id\":..., \"prompt\":...} or {\"id\":..., "
            + "\"messages\":[...]} per line", required = true, order = 1)
    private String input;

    @Parameter(names = "--output", description = "JSONL results, one line per success; re-running resumes",
            required = true, order = 2)
    private String output;

    @Parameter(names = "--failures", description = "JSONL failures of this run",
            defaultValueDescription = "<output>.failed.jsonl", order = 3)
    private String failures;

    @ParametersDelegate
    private ConnectionFlags connection = new ConnectionFlags();

    @ParametersDelegate
    private RedisFlags redisFlags = new RedisFlags();

    @Parameter(names = "--model", description = "Model for lines that name none", order = 20)
    private String model = BackoffSettings.DEFAULT_MODEL;

    @Parameter(names = "--tier", description = "The account's tier: auto (detect), free, tier1 ... tier5",
            order = 21)
    private String tier = BackoffSettings.AUTO_TIER;

    @Parameter(names = "--rpm", description = "Requests per minute of the account (a custom tier)", order = 22)
    private Integer rpm;

    @Parameter(names = "--skip-tier-detection", description = "Send no request just to detect the tier",
            order = 23)
    private boolean skipTierDetection;

    @Parameter(names = "--skip-health-check", description = "Send no GET /models before the batch", order = 24)
    private boolean skipHealthCheck;

    @Parameter(names = "--concurrency", description = "Samples in flight at once", order = 25)
    private int concurrency = DEFAULT_CONCURRENCY;

    @Parameter(names = "--max-retries", description = "Transport retries on I/O errors and 5xx (never 429)",
            order = 26)
    private int maxRetries = BackoffSettings.defaults().maxRetries();

    @Parameter(names = "--retry-backoff-factor", description = "Transport waits are factor x 2^(n-1) s", order = 27)
    private double retryBackoffFactor = BackoffSettings.defaults().retryBackoffFactor();

    @Parameter(names = "--max-rate-limit-retries", description = "Rate-limit (429) retries", order = 28)
    private int maxRateLimitRetries = BackoffSettings.defaults().maxRateLimitRetries();

    @Parameter(names = "--max-server-wait", description = "Longest server-requested wait obeyed; longer fails fast",
            converter = DurationConverter.class, order = 29)
    private Duration maxServerWait = BackoffSettings.defaults().maxServerWait();

    @Parameter(names = "--no-pace", description = "Do not space requests at the tier's rate (reactive backoff only)",
            order = 30)
    private boolean noPace;

    @Parameter(names = "--sim-tier", description = "Tier of the built-in simulated provider used without an "
            + "endpoint: demo (600 RPM over 1 s windows, quick), free, tier1 ... tier5", order = 31)
    private String simTier = SimulatedTiers.DEMO;

    @Override
    public String name() {
        return "run";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        Formats.positive("--concurrency", concurrency);
        Path inputPath = context.resolve(input);
        Path outputPath = context.resolve(output);
        String failuresName = failures != null ? failures : output + ".failed.jsonl";
        List<Sample> samples = new SampleReader().read(inputPath, input);
        List<String> warnings = new ArrayList<>();
        ResultLog log = ResultLog.open(outputPath, output, context.resolve(failuresName), warnings);
        warnings.forEach(warning -> context.err().println("backoff run: " + warning));
        List<Sample> pending = samples.stream().filter(sample -> !log.isDone(sample)).toList();
        int already = samples.size() - pending.size();
        if (pending.isEmpty()) {
            context.out().println("Nothing to do: all " + samples.size() + " samples of " + input
                    + " are already in " + output + ".");
            return OK;
        }
        BackoffSettings settings = settings(context, assigned);
        int workers = assigned.contains("--concurrency") || connection.config == null
                ? concurrency : settings.concurrency();
        settings = settings.withConcurrency(Math.max(settings.concurrency(), workers));
        SimulatedProvider simulated = null;
        String apiKey;
        Optional<String> endpoint = connection.endpoint(context);
        if (endpoint.isEmpty()) {
            apiKey = "sk-sim-" + UUID.randomUUID();
            simulated = SimulatedTiers.builder("--sim-tier", simTier).withApiKey(apiKey).build();
            settings = settings.withEndpoint(simulated.start().toString());
            context.err().println("No --endpoint: using the built-in simulated provider at " + settings.endpoint()
                    + " (" + simTier + ": " + SimulatedTiers.describe(simulated) + ").");
        } else {
            apiKey = connection.apiKey(context);
            settings = withEndpoint(settings, endpoint.get());
        }
        StopSignal stop = new StopSignal();
        context.stop().onTrip(stop::trip);
        try (SimulatedProvider provider = simulated;
             SharedPacers shared = sharedPacers(settings, context, stop);
             TeacherSampleClient client = new TeacherSampleClient(build(settings, apiKey,
                     simulated == null ? TierCatalog.moonshot() : SimulatedTiers.catalog(simTier),
                     shared.registry()))) {
            TeacherClient teacher = client.teacher();
            if (!settings.skipHealthCheck()) {
                HealthCheck health = teacher.healthCheck();
                if (!health.healthy()) {
                    context.err().println("backoff run: health check of " + settings.endpoint() + " failed: "
                            + health.detail() + " (use --skip-health-check to go on anyway)");
                    return FAILED;
                }
            }
            log.startWriting();
            RunSummary summary;
            try (log; Progress progress = context.terminal()
                    ? new ProgressBarDisplay(context.err(), pending.size()) : new ProgressLines(context.err())) {
                summary = new BatchRunner(client, log, workers, progress, stop, SystemTimeSource.INSTANCE)
                        .run(pending);
            }
            report(context.out(), summary, samples.size(), already, failuresName);
            if (provider != null) {
                ProviderStats stats = provider.stats();
                context.out().println("Simulated provider: " + stats.requests() + " requests received, "
                        + stats.rateLimited() + " answered 429.");
            }
            if (summary.stopped() && summary.unfinished() > 0) {
                context.err().println("Stopped: " + summary.unfinished() + " samples not done. Resume with: "
                        + resumeCommand());
                return FAILED;
            }
            return summary.failed() > 0 || summary.unfinished() > 0 ? FAILED : OK;
        }
    }

    private BackoffSettings settings(CliContext context, Set<String> assigned) {
        BackoffSettings settings = connection.baseSettings(context);
        try {
            if (assigned.contains("--model") || connection.config == null) {
                settings = settings.withModel(model);
            }
            if (assigned.contains("--tier")) {
                settings = settings.withTier(tier);
            }
            if (rpm != null) {
                settings = settings.withRpm(Formats.positive("--rpm", rpm));
            }
            if (assigned.contains("--skip-tier-detection")) {
                settings = settings.withSkipTierDetection(true);
            }
            if (assigned.contains("--skip-health-check")) {
                settings = settings.withSkipHealthCheck(true);
            }
            if (assigned.contains("--max-retries")) {
                settings = settings.withMaxRetries(maxRetries);
            }
            if (assigned.contains("--retry-backoff-factor")) {
                settings = settings.withRetryBackoffFactor(retryBackoffFactor);
            }
            if (assigned.contains("--max-rate-limit-retries")) {
                settings = settings.withMaxRateLimitRetries(maxRateLimitRetries);
            }
            if (assigned.contains("--max-server-wait")) {
                settings = settings.withMaxServerWait(maxServerWait);
            }
            if (noPace) {
                settings = settings.withPace(false);
            }
            settings = redisFlags.applyTo(settings, assigned);
        } catch (IllegalArgumentException bad) {
            throw new UsageException(bad.getMessage());
        }
        return settings;
    }

    private static BackoffSettings withEndpoint(BackoffSettings settings, String endpoint) {
        try {
            return settings.withEndpoint(endpoint);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--endpoint: " + bad.getMessage());
        }
    }

    /**
     * The Redis-shared pacers of {@code --redis}, if given; their warnings go to stderr, and with
     * {@code --redis-failure stop} a lost Redis stops the run (the samples not done are resumable).
     */
    private static SharedPacers sharedPacers(BackoffSettings settings, CliContext context, StopSignal stop) {
        boolean stopOnLoss = BackoffSettings.REDIS_STOP.equals(settings.redisFailure());
        SharedPacers shared = SharedPacers.open(settings, RedisPacersBuilder.DEFAULT_EXPECTED_WORKERS, event -> {
            context.err().println("backoff run: " + event.message());
            if (stopOnLoss && event instanceof CoordinationEvent.Lost) {
                stop.trip();
            }
        });
        shared.target().ifPresent(target -> context.err().println("Pacing shared through Redis at " + target
                + " (if it fails: " + settings.redisFailure() + ")."));
        return shared;
    }

    private static TeacherClient build(BackoffSettings settings, String apiKey, TierCatalog catalog,
                                       Optional<PacerRegistry> pacers) {
        try {
            TeacherClientBuilder builder = TeacherClient.builder().withSettings(settings).withApiKey(apiKey)
                    .withTierCatalog(catalog);
            pacers.ifPresent(builder::withPacerRegistry);
            return builder.build();
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--tier: " + bad.getMessage());
        }
    }

    private void report(PrintStream out, RunSummary summary, int total, int already, String failuresName) {
        out.println("Run " + (summary.stopped() ? "stopped" : "finished") + ": " + total + " samples in " + input
                + " (" + already + " already done), " + summary.done() + " done now, " + summary.failed()
                + " failed" + (summary.unfinished() > 0 ? ", " + summary.unfinished() + " not done" : "") + ".");
        out.println("Rate limits: " + summary.rateLimited() + " responses 429, "
                + Seconds.format(summary.waited()) + " waited in all; wall time "
                + Seconds.format(summary.elapsed().withNanos(summary.elapsed().toMillisPart() * 1_000_000)) + ".");
        out.println("Results: " + output);
        if (summary.failed() > 0) {
            out.println("Failures: " + failuresName + " (" + summary.failed() + " samples; re-run to retry them)");
        }
    }

    private String resumeCommand() {
        return "backoff " + commandLine().stream().map(RunCommand::quoted).collect(Collectors.joining(" "));
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
