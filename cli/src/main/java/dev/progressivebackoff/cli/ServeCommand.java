package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.progressivebackoff.cli.internal.ApiKeys;
import dev.progressivebackoff.cli.internal.DurationConverter;
import dev.progressivebackoff.cli.internal.SimulatedTiers;
import dev.progressivebackoff.simulator.Fault;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code backoff serve}: the simulated rate-limited provider in the foreground until Ctrl-C. */
@Parameters(
        commandNames = "serve",
        commandDescription = "Run the simulated rate-limited OpenAI-compatible provider until Ctrl-C")
public final class ServeCommand extends Subcommand {

    @Parameter(names = "--host", description = "Interface to bind", order = 1)
    private String host = "127.0.0.1";

    @Parameter(names = "--port", description = "Port to bind; 0 picks a free one", order = 2)
    private int port = 0;

    @Parameter(names = "--tier", description = "Tier to enforce: free, tier1 ... tier5, or demo", order = 3)
    private String tier = "free";

    @Parameter(names = "--rpm", description = "Requests per minute, overriding the tier's", order = 4)
    private Integer rpm;

    @Parameter(
            names = "--tpm",
            description = "Tokens per minute each key may spend (the usage reported, scaled to --window)",
            order = 4)
    private Long tpm;

    @Parameter(names = "--tpd", description = "Tokens per day each key may spend (over --day-window)", order = 4)
    private Long tpd;

    @Parameter(
            names = "--day-window",
            description = "Sliding window the --tpd limit is enforced over",
            converter = DurationConverter.class,
            defaultValueDescription = "1 day",
            order = 4)
    private Duration dayWindow;

    @Parameter(names = "--concurrency", description = "Requests in flight per key, overriding the tier's", order = 5)
    private Integer concurrency;

    @Parameter(
            names = "--window",
            description = "Sliding window the RPM is enforced over",
            converter = DurationConverter.class,
            defaultValueDescription = "60s (1s for demo)",
            order = 6)
    private Duration window;

    @Parameter(
            names = "--retry-after",
            description = "How 429s state the wait: none, seconds, date or ms",
            defaultValueDescription = "none (ms for demo)",
            order = 7)
    private String retryAfter;

    @Parameter(
            names = "--latency-ms",
            description = "Milliseconds each admitted request takes",
            defaultValueDescription = "0 (40 for demo)",
            order = 8)
    private Integer latencyMs;

    @Parameter(names = "--error-rate", description = "Probability of an injected 500, 0.0 to 1.0", order = 9)
    private double errorRate = 0.0;

    @Parameter(names = "--seed", description = "Seed of the error and fault injection", order = 10)
    private long seed = 42;

    @Parameter(
            names = "--fault",
            description = "Inject a fault into chat completions, KIND:RATE with RATE from 0.0 "
                    + "to 1.0; repeatable. KIND: 5xx (a burst of 500/502/503/504), reset (connection closed without an "
                    + "answer), slow (answer after --slow-delay), malformed-json, truncated-json (body cut short), html (a 502 "
                    + "HTML page), empty (empty 200), huge (a body of --huge-bytes)",
            order = 13)
    private List<String> faults = new ArrayList<>();

    @Parameter(names = "--burst-length", description = "Consecutive 5xx per injected burst", order = 14)
    private int burstLength = 3;

    @Parameter(
            names = "--slow-delay",
            description = "How late a 'slow' fault answers",
            converter = DurationConverter.class,
            order = 15)
    private Duration slowDelay = Duration.ofSeconds(30);

    @Parameter(names = "--huge-bytes", description = "Size of a 'huge' fault's body", order = 16)
    private long hugeBytes = 16L * 1024 * 1024;

    @Parameter(
            names = "--api-key-env",
            description = "Require the key held in this environment variable " + "(otherwise any key is accepted)",
            order = 11)
    private String apiKeyEnv;

    @Parameter(names = "--api-key-file", description = "Require the key held in this file", order = 12)
    private String apiKeyFile;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        SimulatedProvider provider = configure(context).build();
        URI base;
        try {
            base = provider.start();
        } catch (RuntimeException cannotBind) {
            context.err().println("backoff serve: " + cannotBind.getMessage());
            return FAILED;
        }
        try (provider) {
            context.out().println(base);
            context.out().flush();
            context.err()
                    .println("Simulated provider at " + base + ": " + SimulatedTiers.describe(provider)
                            + ". Ctrl-C to stop.");
            context.stop().await();
            ProviderStats stats = provider.stats();
            context.err()
                    .println("Stopped after " + stats.requests() + " requests (" + stats.completions()
                            + " completions, " + stats.rateLimited() + " rate-limited, " + stats.serverErrors()
                            + " injected errors" + faultSummary(provider.faultsInjected()) + ").");
        }
        return OK;
    }

    private SimulatedProvider.Builder configure(CliContext context) {
        SimulatedProvider.Builder builder = SimulatedTiers.builder("--tier", tier);
        flag("--host", () -> builder.withHost(host));
        flag("--port", () -> builder.withPort(port));
        flag("--error-rate", () -> builder.withErrorRate(errorRate));
        builder.withSeed(seed);
        if (rpm != null) {
            flag("--rpm", () -> builder.withRpm(rpm));
        }
        if (concurrency != null) {
            flag("--concurrency", () -> builder.withMaxConcurrency(concurrency));
        }
        if (tpm != null) {
            flag("--tpm", () -> builder.withTokensPerMinute(tpm));
        }
        if (tpd != null) {
            flag("--tpd", () -> builder.withTokensPerDay(tpd));
        }
        if (dayWindow != null) {
            flag("--day-window", () -> builder.withDayWindow(dayWindow));
        }
        if (window != null) {
            flag("--window", () -> builder.withWindow(window));
        }
        if (retryAfter != null) {
            flag("--retry-after", () -> builder.withRetryAfter(RetryAfterStyle.parse(retryAfter)));
        }
        if (latencyMs != null) {
            flag("--latency-ms", () -> builder.withLatency(Duration.ofMillis(latencyMs)));
        }
        for (String fault : faults) {
            flag("--fault", () -> addFault(builder, fault));
        }
        flag("--burst-length", () -> builder.withBurstLength(burstLength));
        flag("--slow-delay", () -> builder.withSlowResponseDelay(slowDelay));
        flag("--huge-bytes", () -> builder.withHugeBodyBytes(hugeBytes));
        ApiKeys.optional(context, apiKeyEnv, apiKeyFile).ifPresent(builder::withApiKey);
        return builder;
    }

    private static void addFault(SimulatedProvider.Builder builder, String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException(
                    "expected KIND:RATE such as 5xx:0.1, got '" + spec + "'; kinds: " + Fault.names());
        }
        double rate;
        try {
            rate = Double.parseDouble(spec.substring(colon + 1).trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("the rate in '" + spec + "' is not a number from 0.0 to 1.0");
        }
        builder.withFault(Fault.parse(spec.substring(0, colon)), rate);
    }

    private static String faultSummary(Map<Fault, Long> injected) {
        if (injected.isEmpty()) {
            return "";
        }
        return "; faults: "
                + injected.entrySet().stream()
                        .map(e -> e.getKey().cliName() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    private static void flag(String name, Runnable setting) {
        try {
            setting.run();
        } catch (IllegalArgumentException bad) {
            throw new UsageException(name + ": " + bad.getMessage());
        }
    }
}
