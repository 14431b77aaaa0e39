package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameters;
import java.util.Set;

/** {@code backoff health}. */
@Parameters(commandNames = "health", commandDescription = "Check that the endpoint answers GET /models")
public final class HealthCommand extends Subcommand {

    @Override
    public String name() {
        return "health";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        context.err().println("backoff health: not implemented yet");
        return FAILED;
    }
}
