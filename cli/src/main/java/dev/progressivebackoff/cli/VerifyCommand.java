package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameters;
import java.util.Set;

/** {@code backoff verify}. */
@Parameters(commandNames = "verify", commandDescription = "Replay the documented behaviour through the real transport on the simulated clock")
public final class VerifyCommand extends Subcommand {

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        context.err().println("backoff verify: not implemented yet");
        return FAILED;
    }
}
