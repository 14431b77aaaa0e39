package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import dev.progressivebackoff.cli.internal.DurationConverter;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.RunOptions;
import dev.progressivebackoff.cli.internal.SharedPacers;
import dev.progressivebackoff.cli.internal.SimulatedTiers;
import dev.progressivebackoff.cli.internal.UntilStopped;
import dev.progressivebackoff.cli.internal.batch.BatchRunner;
import dev.progressivebackoff.cli.internal.batch.InputLines;
import dev.progressivebackoff.cli.internal.batch.OutputLock;
import dev.progressivebackoff.cli.internal.batch.Progress;
import dev.progressivebackoff.cli.internal.batch.ProgressBarDisplay;
import dev.progressivebackoff.cli.internal.batch.ProgressLines;
import dev.progressivebackoff.cli.internal.batch.ResultLog;
import dev.progressivebackoff.cli.internal.batch.RunSummary;
import dev.progressivebackoff.cli.internal.batch.SameFiles;
import dev.progressivebackoff.cli.internal.batch.Sample;
import dev.progressivebackoff.cli.internal.batch.SampleReader;
import dev.progressivebackoff.cli.internal.batch.TeacherSampleClient;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.HealthCheck;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.pacer.redis.CoordinationEvent;
import dev.progressivebackoff.pacer.redis.RedisPacersBuilder;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code backoff run}: the batch job — JSONL prompts in, one JSON line per answer out, resumable. */
@Parameters(commandNames = "run", commandDescription = "Run a JSONL batch of prompts through the rate-limited client")
public final class RunCommand extends Subcommand {

    /** Worker threads when neither the flag nor a config file says. */
    static final int DEFAULT_CONCURRENCY = 4;

    @Parameter(
            names = "--input",
            description =
                    "JSONL prompts: {\"id\":..., \"prompt\":...} or {\"id\":..., " + "\"messages\":[...]} per line",
            required = true,
            order = 1)
    private String input;

    @Parameter(
            names = "--output",
            description = "JSONL results, one line per success; re-running resumes",
            required = true,
            order = 2)
    private String output;

    @Parameter(
            names = "--failures",
            description = "JSONL failures of this run",
            defaultValueDescription = "<output>.failed.jsonl",
            order = 3)
    private String failures;

    @ParametersDelegate
    private ConnectionFlags connection = new ConnectionFlags();

    @Parameter(
            names = "--skip-invalid",
            description = "Record invalid input lines in the failures file and go on "
                    + "(otherwise the first one stops the run before anything is sent)",
            order = 4)
    private boolean skipInvalid;

    @ParametersDelegate
    private RedisFlags redisFlags = new RedisFlags();

    @Parameter(names = "--model", description = "Model for lines that name none", order = 20)
    private String model = ClientSettings.DEFAULT_MODEL;

    @Parameter(names = "--tier", description = "The account's tier: auto (detect), free, tier1 ... tier5", order = 21)
    private String tier = RateLimitSettings.AUTO_TIER;

    @Parameter(names = "--rpm", description = "Requests per minute of the account (a custom tier)", order = 22)
    private Integer rpm;

    @Parameter(names = "--tpm", description = "Tokens per minute of the account, overriding the tier's", order = 22)
    private Long tpm;

    @Parameter(names = "--tpd", description = "Tokens per day of the account, overriding the tier's", order = 22)
    private Long tpd;

    @Parameter(
            names = "--token-window",
            description = "The window the provider counts --tpm over (it admits TPM x window / 60 s tokens)",
            converter = DurationConverter.class,
            defaultValueDescription = "60s",
            order = 22)
    private Duration tokenWindow;

    @Parameter(names = "--skip-tier-detection", description = "Send no request just to detect the tier", order = 23)
    private boolean skipTierDetection;

    @Parameter(names = "--skip-health-check", description = "Send no GET /models before the batch", order = 24)
    private boolean skipHealthCheck;

    @Parameter(names = "--concurrency", description = "Samples in flight at once", order = 25)
    private int concurrency = DEFAULT_CONCURRENCY;

    @Parameter(names = "--max-retries", description = "Transport retries on I/O errors and 5xx (never 429)", order = 26)
    private int maxRetries = TransportSettings.DEFAULT_MAX_TRANSPORT_RETRIES;

    @Parameter(names = "--retry-backoff-factor", description = "Transport waits are factor x 2^(n-1) s", order = 27)
    private double retryBackoffFactor = Seconds.of(TransportSettings.DEFAULT_TRANSPORT_BASE_DELAY);

    @Parameter(names = "--max-rate-limit-retries", description = "Rate-limit (429) retries", order = 28)
    private int maxRateLimitRetries = RateLimitSettings.DEFAULT_MAX_RATE_LIMIT_RETRIES;

    @Parameter(
            names = "--max-server-wait",
            description = "Longest server-requested wait obeyed; longer fails fast",
            converter = DurationConverter.class,
            order = 29)
    private Duration maxServerWait = RateLimitSettings.DEFAULT_MAX_SERVER_WAIT;

    @Parameter(
            names = "--response-timeout",
            description = "How long to wait for response data before the "
                    + "transport gives up on an attempt (and retries it)",
            converter = DurationConverter.class,
            order = 32)
    private Duration responseTimeout = TransportSettings.DEFAULT_RESPONSE_TIMEOUT;

    @Parameter(
            names = "--request-deadline",
            description = "The longest one attempt may take from send to the last byte of the answer, however "
                    + "steadily the server sends (past it the attempt is cut and retried like a timeout)",
            converter = DurationConverter.class,
            order = 32)
    private Duration requestDeadline = TransportSettings.DEFAULT_REQUEST_DEADLINE;

    @Parameter(
            names = "--max-response-bytes",
            description = "The largest response body read; a larger one fails "
                    + "the sample (a broken or hostile server cannot exhaust memory)",
            order = 33)
    private long maxResponseBytes = TransportSettings.DEFAULT_MAX_RESPONSE_BYTES;

    @Parameter(
            names = "--no-pace",
            description = "Do not space requests at the tier's rate (reactive backoff only)",
            order = 30)
    private boolean noPace;

    @Parameter(
            names = "--sim-tier",
            description = "Tier of the built-in simulated provider used without an "
                    + "endpoint: demo (600 RPM over 1 s windows, quick), free, tier1 ... tier5",
            order = 31)
    private String simTier = SimulatedTiers.DEMO;

    @Override
    public String name() {
        return "run";
    }

    @Override
    @SuppressWarnings("try") // the lock is only held for the run; closing it is the point
    public int run(CliContext context, Set<String> assigned) throws Exception {
        // Everything is validated before anything is sent or written: a usage error leaves the files as they were.
        Formats.positive("--concurrency", concurrency);
        Path outputPath = context.resolve(output);
        String failuresName = failures != null ? failures : output + ".failed.jsonl";
        Path failuresPath = context.resolve(failuresName);
        refuseOverlaps(context, outputPath, failuresPath, failuresName);
        InputLines lines = new SampleReader().read(context.resolve(input), input, skipInvalid);
        ResultLog.refuseUnusable(outputPath, failuresPath);
        try (OutputLock lock = OutputLock.acquire(outputPath, output)) {
            return runLocked(context, assigned, lines, ResultLog.open(outputPath, output, failuresPath), failuresName);
        }
    }

    /** No output may be an input, nor the other output: compared as files, through links. */
    private void refuseOverlaps(CliContext context, Path outputPath, Path failuresPath, String failuresName) {
        List<SameFiles.Named> inputs = new ArrayList<>();
        inputs.add(new SameFiles.Named("--input", input, context.resolve(input)));
        if (connection.config != null) {
            inputs.add(new SameFiles.Named("--config", connection.config, context.resolve(connection.config)));
        }
        if (connection.apiKeyFile != null) {
            inputs.add(new SameFiles.Named(
                    "--api-key-file", connection.apiKeyFile, context.resolve(connection.apiKeyFile)));
        }
        Path lockFile = OutputLock.lockFileOf(outputPath);
        SameFiles.refuseOverlaps(
                List.of(
                        new SameFiles.Named("--output", output, outputPath),
                        new SameFiles.Named("--failures", failuresName, failuresPath),
                        new SameFiles.Named(
                                "the lock file of --output",
                                lockFile.getFileName().toString(),
                                lockFile)),
                inputs);
    }

    private int runLocked(
            CliContext context, Set<String> assigned, InputLines lines, ResultLog log, String failuresName)
            throws Exception {
        ClientSettings settings = settings(context, assigned);
        RunOptions options = options(context, assigned);
        List<Sample> samples = lines.samples();
        List<Sample> pending =
                samples.stream().filter(sample -> !log.isDone(sample)).toList();
        if (pending.isEmpty() && lines.invalid().isEmpty()) {
            context.out()
                    .println("Nothing to do: all " + samples.size() + " samples of " + input + " are already in "
                            + output + ".");
            return OK;
        }
        int poolSize = settings.transport().poolSize();
        int workers = assigned.contains("--concurrency") || connection.config == null ? concurrency : poolSize;
        Batch batch = new Batch(lines, pending, samples.size() - pending.size(), log, failuresName, workers);
        Target target = target(
                context,
                settings.toBuilder()
                        .withTransport(settings.transport().toBuilder()
                                .withPoolSize(Math.max(poolSize, workers))
                                .build())
                        .build());
        StopSignal stop = new StopSignal();
        context.stop().onTrip(stop::trip);
        try (SimulatedProvider provider = target.simulated();
                SharedPacers shared = sharedPacers(options, target.settings().rateLimit(), context, stop);
                TeacherSampleClient client = new TeacherSampleClient(
                        build(
                                target.settings(),
                                target.apiKey(),
                                provider == null ? TierCatalog.moonshot() : SimulatedTiers.catalog(simTier),
                                shared.registry()),
                        target.apiKey())) {
            return runBatch(context, target, options, batch, client, stop);
        }
    }

    /** The samples of one run and where their results go. */
    private record Batch(
            InputLines lines, List<Sample> pending, int already, ResultLog log, String failuresName, int workers) {}

    /** Where the samples are sent: the endpoint given ({@code simulated} null), or a provider started for the run. */
    private record Target(ClientSettings settings, ApiKey apiKey, SimulatedProvider simulated) {}

    private Target target(CliContext context, ClientSettings settings) {
        Optional<String> endpoint = connection.endpoint(context);
        if (endpoint.isPresent()) {
            return new Target(
                    ConnectionFlags.withEndpoint(settings, endpoint.get()), validKey(connection.apiKey(context)), null);
        }
        String simulatedKey = "sk-sim-" + UUID.randomUUID();
        SimulatedProvider simulated = SimulatedTiers.builder("--sim-tier", simTier)
                .withApiKey(simulatedKey)
                .build();
        ClientSettings local =
                settings.toBuilder().withEndpoint(simulated.start().toString()).build();
        context.err()
                .println("No --endpoint: using the built-in simulated provider at " + local.endpoint() + " (" + simTier
                        + ": " + SimulatedTiers.describe(simulated) + ").");
        return new Target(local, ApiKey.of(simulatedKey), simulated);
    }

    /** Checks the endpoint's health, runs the pending samples, reports; returns the exit code. */
    private int runBatch(
            CliContext context,
            Target target,
            RunOptions options,
            Batch batch,
            TeacherSampleClient client,
            StopSignal stop)
            throws Exception {
        ResultLog log = batch.log();
        Optional<Optional<String>> checked = !options.skipHealthCheck()
                        && !batch.pending().isEmpty()
                ? UntilStopped.call("health-check", () -> healthProblem(client.teacher(), target.apiKey()), stop)
                : Optional.of(Optional.empty());
        if (checked.isEmpty()) {
            // Stopped before the first sample: nothing was sent for them and nothing has been written.
            context.err()
                    .println("backoff run: stopped during the health check; nothing sent, nothing written. "
                            + "Run again with: " + resumeCommand());
            return FAILED;
        }
        Optional<String> unhealthy = checked.get();
        log.startWriting(warning -> context.err().println("backoff run: " + warning));
        if (unhealthy.isPresent()) {
            return notRun(context, batch, unhealthy.get());
        }
        RunSummary summary;
        try (log;
                Progress progress = context.terminal()
                        ? new ProgressBarDisplay(context.err(), batch.pending().size())
                        : new ProgressLines(
                                context.err(), client.teacher().tier().tokensPerMinute())) {
            batch.lines().invalid().forEach(log::invalid);
            summary = new BatchRunner(client, log, batch.workers(), progress, stop, SystemTimeSource.INSTANCE)
                    .run(batch.pending());
        } catch (IOException | UncheckedIOException cannotWrite) {
            // The samples whose lines did not reach the disk are not in the output: a resume runs them again.
            context.err()
                    .println("backoff run: " + cannotWrite.getMessage() + "; the run stopped. Resume with: "
                            + resumeCommand());
            return FAILED;
        }
        return finish(
                context, batch, summary, target.simulated(), client.teacher().tier());
    }

    /** An unhealthy endpoint: every pending sample is listed as not done, and the run fails. */
    private int notRun(CliContext context, Batch batch, String problem) throws Exception {
        try (ResultLog log = batch.log()) {
            batch.lines().invalid().forEach(log::invalid);
            for (Sample sample : batch.pending()) {
                log.notDone(sample, problem + "; resume to run it");
            }
        }
        context.err()
                .println("backoff run: " + problem + " (use --skip-health-check to go on "
                        + "anyway); " + batch.pending().size() + " samples not done (listed in " + batch.failuresName()
                        + "). Resume with: " + resumeCommand());
        return FAILED;
    }

    private int finish(CliContext context, Batch batch, RunSummary summary, SimulatedProvider provider, Tier tier) {
        InputLines lines = batch.lines();
        report(
                context.out(),
                summary,
                lines.samples().size(),
                batch.already(),
                lines.invalid().size(),
                batch.failuresName());
        if (provider != null) {
            ProviderStats stats = provider.stats();
            context.out()
                    .println("Simulated provider: " + stats.requests() + " requests received, " + stats.rateLimited()
                            + " answered 429.");
        }
        reportTokens(context.out(), summary, tier);
        if (summary.dailyQuota().isPresent()) {
            reportDailyQuota(context, batch, summary);
        } else if (summary.unfinished() > 0) {
            context.err()
                    .println(summary.cannotWrite()
                                    .map(why -> "Stopped: " + why + "; ")
                                    .orElse(summary.stopped() ? "Stopped: " : "Ended early: ")
                            + summary.unfinished()
                            + " samples not done (listed in " + batch.failuresName() + "). Resume with: "
                            + resumeCommand());
        }
        return summary.failed() > 0
                        || summary.unfinished() > 0
                        || !lines.invalid().isEmpty()
                ? FAILED
                : OK;
    }

    private ClientSettings settings(CliContext context, Set<String> assigned) {
        ClientSettings settings = connection.baseSettings(context);
        try {
            ClientSettings.Builder client = settings.toBuilder();
            if (assigned.contains("--model") || connection.config == null) {
                client.withModel(model);
            }
            return client.withRateLimit(rateLimit(settings.rateLimit(), assigned))
                    .withTransport(transport(settings.transport(), assigned))
                    .build();
        } catch (IllegalArgumentException bad) {
            // The settings name their fields; the user gave flags (the config file's values were checked before).
            throw new UsageException(withFlagNames(String.valueOf(bad.getMessage())));
        }
    }

    private RateLimitSettings rateLimit(RateLimitSettings fromFile, Set<String> assigned) {
        RateLimitSettings.Builder limits = fromFile.toBuilder();
        if (assigned.contains("--tier")) {
            limits.withTier(tier);
        }
        if (rpm != null) {
            limits.withRpm(Formats.positive("--rpm", rpm));
        }
        if (tpm != null) {
            limits.withTpm(OptionalLong.of(positive("--tpm", tpm)));
        }
        if (tpd != null) {
            limits.withTpd(OptionalLong.of(positive("--tpd", tpd)));
        }
        if (tokenWindow != null) {
            limits.withTokenWindow(tokenWindow);
        }
        if (assigned.contains("--skip-tier-detection")) {
            limits.withSkipTierDetection(true);
        }
        if (assigned.contains("--max-rate-limit-retries")) {
            limits.withMaxRateLimitRetries(maxRateLimitRetries);
        }
        if (assigned.contains("--max-server-wait")) {
            limits.withMaxServerWait(maxServerWait);
        }
        if (noPace) {
            limits.withPace(false);
        }
        return limits.build();
    }

    private TransportSettings transport(TransportSettings fromFile, Set<String> assigned) {
        TransportSettings.Builder transport = fromFile.toBuilder();
        if (assigned.contains("--max-retries")) {
            transport.withMaxTransportRetries(maxRetries);
        }
        if (assigned.contains("--retry-backoff-factor")) {
            transport.withTransportBaseDelay(baseDelay(retryBackoffFactor));
        }
        if (assigned.contains("--response-timeout")) {
            transport.withResponseTimeout(responseTimeout);
        }
        if (assigned.contains("--request-deadline")) {
            transport.withRequestDeadline(requestDeadline);
        }
        if (assigned.contains("--max-response-bytes")) {
            transport.withMaxResponseBytes(maxResponseBytes);
        }
        return transport.build();
    }

    /** The settings' field names and the flags of {@code run} that set them. */
    private static final Map<String, String> FLAGS = Map.of(
            "maxTransportRetries", "--max-retries",
            "transportBaseDelay", "--retry-backoff-factor",
            "maxRateLimitRetries", "--max-rate-limit-retries",
            "maxServerWait", "--max-server-wait",
            "responseTimeout", "--response-timeout",
            "requestDeadline", "--request-deadline",
            "maxResponseBytes", "--max-response-bytes",
            "poolSize", "--concurrency",
            "rpm", "--rpm",
            "model", "--model");

    /** {@code message} with a leading settings field name replaced by its flag. */
    static String withFlagNames(String message) {
        for (Map.Entry<String, String> field : FLAGS.entrySet()) {
            if (message.startsWith(field.getKey() + " ")) {
                return field.getValue() + message.substring(field.getKey().length());
            }
        }
        return message;
    }

    /** {@code --retry-backoff-factor}: transport waits are factor × 2^(n−1) s, so the factor is the base delay. */
    private static Duration baseDelay(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new UsageException("--retry-backoff-factor must be a finite number >= 0: " + factor);
        }
        return Seconds.toDuration(factor);
    }

    private RunOptions options(CliContext context, Set<String> assigned) {
        RunOptions options = connection.baseOptions(context);
        if (assigned.contains("--skip-health-check")) {
            options = options.withSkipHealthCheck(true);
        }
        return redisFlags.applyTo(options, assigned);
    }

    /** Why the endpoint is not healthy, or empty when it is. */
    private static Optional<String> healthProblem(TeacherClient teacher, ApiKey apiKey) {
        HealthCheck health = teacher.healthCheck();
        return health.healthy()
                ? Optional.empty()
                : Optional.of("the health check of " + teacher.settings().endpoint() + " failed: "
                        + apiKey.redact(health.detail()));
    }

    /**
     * The Redis-shared pacers of {@code --redis}, if given; their warnings go to stderr, and with
     * {@code --redis-failure stop} a lost Redis stops the run (the samples not done are resumable).
     */
    private static SharedPacers sharedPacers(
            RunOptions options, RateLimitSettings limits, CliContext context, StopSignal stop) {
        boolean stopOnLoss = options.stopsWithoutRedis();
        SharedPacers shared = SharedPacers.open(
                options,
                limits.pace(),
                RedisPacersBuilder.DEFAULT_EXPECTED_WORKERS,
                event -> {
                    context.err().println("backoff run: " + event.message());
                    if (stopOnLoss && event instanceof CoordinationEvent.Lost) {
                        stop.trip();
                    }
                },
                limits.tokenWindow(),
                limits.maxServerWait());
        shared.target()
                .ifPresent(target -> context.err()
                        .println("Pacing shared through Redis at " + target + " (if it fails: " + options.redisFailure()
                                + ")."));
        return shared;
    }

    private static TeacherClient build(
            ClientSettings settings, ApiKey apiKey, TierCatalog catalog, Optional<PacerRegistry> pacers) {
        try {
            TeacherClientBuilder builder = TeacherClient.builder()
                    .withSettings(settings)
                    .withApiKey(apiKey)
                    .withTierCatalog(catalog);
            pacers.ifPresent(builder::withPacerRegistry);
            return builder.build();
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--tier: " + bad.getMessage());
        }
    }

    private static ApiKey validKey(String key) {
        try {
            return ApiKey.of(key);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("the API key: " + bad.getMessage());
        }
    }

    private void report(PrintStream out, RunSummary summary, int total, int already, int invalid, String failuresName) {
        boolean stopped = summary.stopped() || summary.cannotWrite().isPresent();
        out.println("Run " + (stopped ? "stopped" : "finished") + ": " + total + " samples in " + input
                + " (" + already + " already done), " + summary.done() + " done now, " + summary.failed()
                + " failed" + (summary.unfinished() > 0 ? ", " + summary.unfinished() + " not done" : "")
                + (invalid > 0 ? ", " + invalid + " invalid lines skipped" : "") + ".");
        out.println("Rate limits: " + summary.rateLimited() + " responses 429, "
                + Seconds.format(summary.waited()) + " waited in all; wall time "
                + Seconds.format(summary.elapsed().withNanos(summary.elapsed().toMillisPart() * 1_000_000)) + ".");
        out.println("Results: " + output);
        if (summary.failed() + summary.unfinished() + invalid > 0) {
            List<String> parts = new ArrayList<>();
            parts.add(summary.failed() + " failed");
            if (summary.unfinished() > 0) {
                parts.add(summary.unfinished() + " not done");
            }
            if (invalid > 0) {
                parts.add(invalid + " invalid lines");
            }
            out.println(
                    "Failures: " + failuresName + " (" + String.join(", ", parts) + "; re-run to retry the samples)");
        }
    }

    private static long positive(String flag, long value) {
        if (value <= 0) {
            throw new UsageException(flag + " must be positive: " + value);
        }
        return value;
    }

    /** The tokens the run used and the limit that bound it, when the responses reported usage. */
    private static void reportTokens(PrintStream out, RunSummary summary, Tier tier) {
        RunSummary.TokenTotals tokens = summary.tokens();
        if (tokens.total() <= 0 || summary.done() == 0) {
            return;
        }
        double perSample = (double) tokens.total() / summary.done();
        boolean byTokens = tier.tokensPerMinute().isPresent()
                && perSample * tier.requestsPerMinute() > tier.tokensPerMinute().getAsLong();
        String binding = byTokens
                ? "paced by TPM at " + Formats.count(tier.tokensPerMinute().getAsLong()) + "/min"
                : "paced by RPM at " + Formats.count(tier.requestsPerMinute()) + "/min";
        out.println("Tokens: " + tokens.total() + " used (" + tokens.prompt() + " prompt, " + tokens.completion()
                + " completion), about " + Math.round(perSample) + " per sample; " + binding + ".");
    }

    /** The lines of a run stopped by a spent daily quota: when it resets and how to resume. */
    private void reportDailyQuota(CliContext context, Batch batch, RunSummary summary) {
        Optional<Duration> reset = summary.dailyQuota().orElseThrow();
        String when = reset.map(in -> "it resets at " + Instant.now().plus(in).truncatedTo(ChronoUnit.SECONDS) + " (in "
                        + Seconds.format(in.truncatedTo(ChronoUnit.SECONDS)) + ")")
                .orElse("the server did not say when it resets");
        context.err()
                .println("Daily quota spent: no new sample was started; " + summary.unfinished()
                        + " samples not done (listed in " + batch.failuresName() + "); " + when
                        + ". Resume after the reset with: " + resumeCommand());
    }

    private String resumeCommand() {
        return "backoff " + commandLine().stream().map(RunCommand::quoted).collect(Collectors.joining(" "));
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
