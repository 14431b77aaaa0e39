package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameters;
import java.util.Set;

/** {@code backoff detect-tier}. */
@Parameters(commandNames = "detect-tier", commandDescription = "Detect the account's tier from the endpoint's rate-limit headers")
public final class DetectTierCommand extends Subcommand {

    @Override
    public String name() {
        return "detect-tier";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        context.err().println("backoff detect-tier: not implemented yet");
        return FAILED;
    }
}
