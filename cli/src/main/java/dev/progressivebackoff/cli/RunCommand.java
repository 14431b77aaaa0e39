package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameters;
import java.util.Set;

/** {@code backoff run}. */
@Parameters(commandNames = "run", commandDescription = "Run a JSONL batch of prompts through the rate-limited client")
public final class RunCommand extends Subcommand {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        context.err().println("backoff run: not implemented yet");
        return FAILED;
    }
}
