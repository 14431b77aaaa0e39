package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.cli.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the benchmarked client meets the quota. */
public enum BenchStrategy {

    /** The documented reactive behaviour: send, get 429, back off ({@code --no-pace}). */
    REACTIVE,

    /** The default: requests paced at the tier's rate, the documented backoff as the safety net. */
    PACED,

    /**
     * A reference: starts at a fixed 1.02 × 60 s / RPM, nothing learnt (no header read, no change of rate after
     * a 429, no burst), the documented backoff on 429 as usual ({@link FixedMarginPacer}).
     */
    FIXED_MARGIN,

    /**
     * The baseline of the token-bound scenario: the default pacer without token budgets (requests and
     * concurrency paced, tokens left to the server's 429s), as before token budgets ({@link RpmOnlyPacer}).
     */
    RPM_ONLY;

    /** The name on the command line, in reports and in {@code X-Bench-Run}: {@code reactive}, {@code fixed-margin}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The strategies of a comma-separated list, in the order given, without repeats.
     *
     * @throws UsageException naming {@code flag} and the known strategies
     */
    public static List<BenchStrategy> parseList(String flag, String list) {
        List<BenchStrategy> strategies = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            BenchStrategy strategy = Arrays.stream(values())
                    .filter(s -> s.cliName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new UsageException(flag + ": '" + part.trim() + "' is not one of "
                            + Arrays.stream(values())
                                    .map(BenchStrategy::cliName)
                                    .collect(Collectors.joining(", "))));
            if (!strategies.contains(strategy)) {
                strategies.add(strategy);
            }
        }
        return List.copyOf(strategies);
    }
}
