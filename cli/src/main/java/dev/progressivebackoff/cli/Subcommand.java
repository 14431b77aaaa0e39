package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import java.util.Set;

/**
 * One {@code backoff} subcommand: a JCommander parameter object that knows how to run itself. Subclasses
 * carry {@code @Parameters(commandNames = ..., commandDescription = ...)}.
 */
public abstract class Subcommand {

    /** Exit code: everything worked. */
    public static final int OK = 0;
    /** Exit code: the work failed (a sample, a verification row, the endpoint). */
    public static final int FAILED = 1;
    /** Exit code: bad flags or input. */
    public static final int USAGE = 2;

    @Parameter(
            names = {"-h", "--help"},
            help = true,
            description = "Show this help and exit")
    private boolean help;

    private java.util.List<String> commandLine = java.util.List.of();

    /** The arguments this command was invoked with (for messages such as the resume command). */
    public final java.util.List<String> commandLine() {
        return commandLine;
    }

    final void setCommandLine(java.util.List<String> args) {
        this.commandLine = java.util.List.copyOf(args);
    }

    /** True if {@code --help} was given. */
    public final boolean helpRequested() {
        return help;
    }

    /** The name users type, e.g. {@code schedule}. */
    public abstract String name();

    /**
     * Runs the command with the parsed flags.
     *
     * @param context  streams, environment, working directory, stop signal
     * @param assigned the long names of the flags the user actually gave (for "flags override the config")
     * @return the exit code
     * @throws UsageException for a bad flag value or input (exit 2)
     */
    public abstract int run(CliContext context, Set<String> assigned) throws Exception;
}
