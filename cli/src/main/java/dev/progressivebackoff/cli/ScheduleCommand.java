package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code backoff schedule}: the documented rate-limit schedule of one tier or all, as a table or JSON. */
@Parameters(commandNames = "schedule", commandDescription = "Print the documented rate-limit backoff schedule")
public final class ScheduleCommand extends Subcommand {

    @Parameter(names = "--tier", description = "Tier name (free, tier0, tier1 ... tier5) or 'all'", order = 1)
    private String tier = "all";

    /** The most retries a schedule lists: past a few dozen every wait is at the cap, and each is a line. */
    static final int MAX_RETRIES = 100;

    @Parameter(names = "--retries", description = "Rate-limit retries (7 attempts with 6)", order = 2)
    private int retries = PolicyOptions.DEFAULTS.maxRetries();

    @Parameter(names = "--factor", description = "Growth per retry", order = 3)
    private double factor = PolicyOptions.DEFAULTS.factor();

    @Parameter(names = "--format", description = "table or json", order = 4)
    private String format = "table";

    @Override
    public String name() {
        return "schedule";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "table", "json");
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new UsageException("--retries must be between 0 and " + MAX_RETRIES + ": " + retries);
        }
        PolicyOptions options;
        try {
            options = PolicyOptions.DEFAULTS.withMaxRetries(retries).withFactor(factor);
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--factor: " + bad.getMessage());
        }
        TierAwareExponentialBackoff policy = TierAwareExponentialBackoff.withOptions(options);
        TierCatalog catalog = TierCatalog.moonshot();
        List<Tier> tiers;
        try {
            tiers = "all".equalsIgnoreCase(tier) ? catalog.tiers() : List.of(catalog.require(tier));
        } catch (IllegalArgumentException unknown) {
            throw new UsageException("--tier: " + unknown.getMessage() + ", all");
        }
        if (output.equals("json")) {
            printJson(context.out(), tiers, policy);
        } else {
            printTable(context.out(), tiers, policy);
        }
        return OK;
    }

    private List<Duration> waits(Tier of, TierAwareExponentialBackoff policy) {
        List<Duration> waits = new ArrayList<>();
        for (int retry = 1; retry <= retries; retry++) {
            waits.add(policy.computedWait(of.baseDelay(), retry));
        }
        return waits;
    }

    private void printTable(PrintStream out, List<Tier> tiers, TierAwareExponentialBackoff policy) {
        for (int i = 0; i < tiers.size(); i++) {
            Tier current = tiers.get(i);
            if (i > 0) {
                out.println();
            }
            out.println("Tier " + current.name() + " (RPM: " + current.requestsPerMinute() + ", base delay: "
                    + Seconds.format(current.baseDelay()) + ", factor: " + factor + ")");
            out.printf("  %-7s %-10s %s%n", "Retry", "Wait", "Cumulative");
            Duration cumulative = Duration.ZERO;
            List<Duration> waits = waits(current, policy);
            for (int retry = 1; retry <= waits.size(); retry++) {
                cumulative = cumulative.plus(waits.get(retry - 1));
                out.printf(
                        "  %-7s %-10s %s%n",
                        retry + "/" + retries, Seconds.format(waits.get(retry - 1)), Seconds.format(cumulative));
            }
            out.println("  Total wait: " + Seconds.format(cumulative) + " (" + Formats.approximately(cumulative) + ")");
            out.println("  Then: " + RetriesExhaustedException.MESSAGE + " (" + (retries + 1) + " attempts)");
        }
    }

    private void printJson(PrintStream out, List<Tier> tiers, TierAwareExponentialBackoff policy) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode array = root.putArray("tiers");
        for (Tier current : tiers) {
            ObjectNode node = array.addObject();
            node.put("tier", current.name());
            node.put("rpm", current.requestsPerMinute());
            node.put("base_s", Formats.seconds(current.baseDelay()));
            node.put("factor", BigDecimal.valueOf(factor));
            ArrayNode waits = node.putArray("waits_s");
            Duration total = Duration.ZERO;
            for (Duration wait : waits(current, policy)) {
                waits.add(Formats.seconds(wait));
                total = total.plus(wait);
            }
            node.put("total_s", Formats.seconds(total));
        }
        out.println(json.writeValueAsString(root));
    }
}
