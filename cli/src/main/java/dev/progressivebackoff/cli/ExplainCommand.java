package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.progressivebackoff.cli.internal.BoundedFiles;
import dev.progressivebackoff.cli.internal.DurationConverter;
import dev.progressivebackoff.cli.internal.Explanation;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.Instants;
import dev.progressivebackoff.cli.internal.WholeValueSplitter;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.policy.BackoffPolicies;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.signals.ErrorBodies;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code backoff explain}: what the toolkit would do with one response, and why. */
@Parameters(commandNames = "explain", commandDescription = "Explain what the toolkit would do with a response")
public final class ExplainCommand extends Subcommand {

    @Parameter(names = "--status", description = "HTTP status of the response", order = 1)
    private int status = 429;

    @Parameter(
            names = {"-H", "--header"},
            description = "A response header 'Name: value'; repeat for more "
                    + "(the same name twice gives two header lines)",
            splitter = WholeValueSplitter.class,
            order = 2)
    private List<String> headers = new ArrayList<>();

    /** The largest {@code --body @FILE} read: far more than any error body a server sends. */
    static final int MAX_BODY_BYTES = 1 << 20;

    @Parameter(
            names = "--body",
            description = "The response body: JSON text, or @FILE to read it from a file",
            order = 3)
    private String body;

    @Parameter(
            names = "--tier",
            description = "Tier in force: a tier name, or 'auto' to read it from the "
                    + "headers (free when they say nothing)",
            order = 4)
    private String tier = "auto";

    @Parameter(names = "--rpm", description = "Requests per minute of the account (a custom tier)", order = 5)
    private Integer rpm;

    @Parameter(names = "--retry", description = "Which rate-limit retry this would be, 1-based", order = 6)
    private int retry = 1;

    @Parameter(names = "--max-retries", description = "Rate-limit retries allowed", order = 7)
    private int maxRetries = PolicyOptions.DEFAULTS.maxRetries();

    @Parameter(names = "--factor", description = "Backoff growth per retry", order = 8)
    private double factor = PolicyOptions.DEFAULTS.factor();

    @Parameter(
            names = "--now",
            description = "When the response arrived: HTTP-date, RFC 3339 or epoch seconds",
            defaultValueDescription = "the current time",
            order = 9)
    private String now;

    @Parameter(
            names = "--max-server-wait",
            description = "Longest server-requested wait to obey",
            converter = DurationConverter.class,
            order = 10)
    private Duration maxServerWait = RateLimitRetryLoop.DEFAULT_MAX_SERVER_WAIT;

    @Parameter(names = "--format", description = "text or json", order = 11)
    private String format = "text";

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "text", "json");
        if (status < 100 || status > 599) {
            throw new UsageException("--status must be an HTTP status (100-599): " + status);
        }
        if (retry < 1) {
            throw new UsageException("--retry is 1-based: " + retry);
        }
        if (rpm != null) {
            Formats.positive("--rpm", rpm);
        }
        PolicyOptions options;
        try {
            options = PolicyOptions.DEFAULTS.withMaxRetries(maxRetries).withFactor(factor);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--max-retries/--factor: " + bad.getMessage());
        }
        Instant at = now == null ? SystemTimeSource.INSTANCE.now() : parseNow();
        ErrorBody errorBody = ErrorBodies.parse(readBody(context));
        RateLimitSignals signals = RateLimitSignals.parse(status, parseHeaders(), errorBody, at);
        Explanation explanation = new Explanation.Builder(BackoffPolicies.load().createDefault(options), options)
                .withTierChoice(tier, rpm)
                .withMaxServerWait(maxServerWait)
                .explain(signals, retry, at);
        context.out().println(output.equals("json") ? explanation.toJson() : explanation.toText());
        return OK;
    }

    private Instant parseNow() {
        try {
            return Instants.parse(now);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--now: " + bad.getMessage());
        }
    }

    private ResponseHeaders parseHeaders() {
        ResponseHeaders.Builder builder = ResponseHeaders.builder();
        for (String line : headers) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new UsageException("-H: expected 'Name: value', got '" + line + "'");
            }
            builder.add(
                    line.substring(0, colon).trim(), line.substring(colon + 1).strip());
        }
        return builder.build();
    }

    private String readBody(CliContext context) {
        if (body == null || !body.startsWith("@")) {
            return body;
        }
        try {
            return BoundedFiles.readUtf8(context.resolve(body.substring(1)), MAX_BODY_BYTES);
        } catch (IOException | RuntimeException unreadable) {
            throw new UsageException("--body: cannot read " + body.substring(1) + ": " + unreadable.getMessage());
        }
    }
}
