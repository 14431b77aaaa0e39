package dev.progressivebackoff.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.ParameterException;
import dev.progressivebackoff.cli.internal.HelpPrinter;
import dev.progressivebackoff.simulator.SimulatedProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code backoff} program: parses the arguments, runs one subcommand, returns its exit code.
 * {@link System#exit} is called only by {@link #main}, so tests run it in-process with captured streams.
 */
public final class Main {

    private static final Pattern STRAY_ARGUMENT =
            Pattern.compile("Was passed main parameter '(.*)' but no main " + "parameter was defined", Pattern.DOTALL);

    private final CliContext context;

    /** A program on these streams and environment, in the current directory, not on a terminal. */
    public Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, Path.of("").toAbsolutePath(), false, new StopSignal());
    }

    /**
     * A program on these streams and environment.
     *
     * @param workingDir relative file arguments are resolved against it
     * @param terminal   true when stderr is an interactive terminal (progress bar)
     * @param stop       tripped by Ctrl-C, or by a test
     */
    public Main(
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            Path workingDir,
            boolean terminal,
            StopSignal stop) {
        this.context = new CliContext(out, err, env, workingDir, terminal, stop);
    }

    /** How long Ctrl-C waits for the command to end cleanly before the process exits anyway. */
    private static final long STOP_DEADLINE_MILLIS = 3_000;

    /** Runs {@code backoff} and exits with its code; Ctrl-C trips the stop signal and waits for a clean end. */
    public static void main(String[] args) {
        // Before any simulated provider starts (serve, run, bench): the JDK HTTP server reads it once.
        if (System.getProperty(SimulatedProvider.NO_DELAY_PROPERTY) == null) {
            System.setProperty(SimulatedProvider.NO_DELAY_PROPERTY, "true");
        }
        StopSignal stop = new StopSignal();
        Main main = new Main(
                System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(), System.console() != null, stop);
        Thread worker = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    stop.trip();
                    try {
                        // Every phase answers a stop within about a second; this bound is the last resort.
                        worker.join(STOP_DEADLINE_MILLIS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                },
                "backoff-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = main.run(args);
        System.out.flush();
        System.err.flush();
        if (!stop.isTripped()) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(code);
        }
        // After Ctrl-C the JVM is already exiting (status 130); returning lets the shutdown hook finish.
    }

    /** The subcommands, in the order help lists them. */
    static List<Subcommand> commands() {
        return List.of(
                new ScheduleCommand(),
                new VerifyCommand(),
                new ExplainCommand(),
                new RunCommand(),
                new ServeCommand(),
                new DetectTierCommand(),
                new HealthCommand(),
                new BenchCommand());
    }

    /**
     * Runs one invocation.
     *
     * @return 0 ok, 1 the work failed, 2 usage or input error
     */
    public int run(String... args) {
        Objects.requireNonNull(args, "args");
        Map<String, Subcommand> byName = new LinkedHashMap<>();
        GlobalOptions global = new GlobalOptions();
        JCommander root = JCommander.newBuilder()
                .programName("backoff")
                .addObject(global)
                .expandAtSign(false)
                .build();
        for (Subcommand command : commands()) {
            byName.put(command.name(), command);
            root.addCommand(command.name(), command);
        }
        Optional<String> keyFlag = Arrays.stream(args).filter(Main::isKeyFlag).findFirst();
        if (keyFlag.isPresent()) {
            context.err()
                    .println("backoff: " + keyFlag.get().split("=", 2)[0] + " is not accepted: a key on the "
                            + "command line ends up in shell history and process lists. Put it in the environment variable "
                            + "MOONSHOT_API_KEY (or name another with --api-key-env), or in a private file given with "
                            + "--api-key-file.");
            return Subcommand.USAGE;
        }
        if (Arrays.stream(args).anyMatch(arg -> arg.equals("-h") || arg.equals("--help"))) {
            return help(root, byName, args);
        }
        try {
            root.parse(args);
        } catch (ParameterException bad) {
            context.err().println("backoff: " + withoutArgumentValues(bad.getMessage()));
            context.err().println("Run 'backoff --help' for usage.");
            return Subcommand.USAGE;
        }
        return dispatch(root, byName, global.help, args);
    }

    /**
     * {@code -h} or {@code --help} anywhere, before or after the command: that command's help, or the program's
     * when no command is named (nothing is parsed, so a required flag missing does not stand in the way).
     */
    private int help(JCommander root, Map<String, Subcommand> byName, String... args) {
        HelpPrinter help = new HelpPrinter(context.out());
        Optional<String> command =
                Arrays.stream(args).filter(byName::containsKey).findFirst();
        if (command.isPresent()) {
            help.command(command.get(), root.getCommands().get(command.get()));
        } else {
            help.program(root, byName.keySet());
        }
        return Subcommand.OK;
    }

    /** Runs the parsed command, or prints help, or says that a command is missing. */
    private int dispatch(JCommander root, Map<String, Subcommand> byName, boolean globalHelp, String... args) {
        HelpPrinter help = new HelpPrinter(context.out());
        String name = root.getParsedCommand();
        if (name == null) {
            if (globalHelp) {
                help.program(root, byName.keySet());
                return Subcommand.OK;
            }
            context.err().println("backoff: a command is required: " + String.join(", ", byName.keySet()));
            context.err().println("Run 'backoff --help' for usage.");
            return Subcommand.USAGE;
        }
        Subcommand command = byName.get(name);
        JCommander parsed = root.getCommands().get(name);
        if (command.helpRequested() || globalHelp) {
            help.command(name, parsed);
            return Subcommand.OK;
        }
        command.setCommandLine(List.of(args));
        return runCommand(name, command, parsed);
    }

    /** Runs one command; its exceptions become a message on stderr and an exit code. */
    private int runCommand(String name, Subcommand command, JCommander parsed) {
        try {
            return command.run(context, assignedFlags(parsed));
        } catch (UsageException | ParameterException bad) {
            context.err().println("backoff " + name + ": " + bad.getMessage());
            return Subcommand.USAGE;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            context.err().println("backoff " + name + ": interrupted");
            return Subcommand.FAILED;
        } catch (Exception failure) {
            context.err().println("backoff " + name + ": " + failure.getMessage());
            return Subcommand.FAILED;
        }
    }

    /** Flags that would carry a key itself (not {@code --api-key-env} or {@code --api-key-file}). */
    private static boolean isKeyFlag(String arg) {
        String name = arg.split("=", 2)[0].toLowerCase(Locale.ROOT);
        return name.equals("--api-key")
                || name.equals("--apikey")
                || name.equals("--key")
                || name.equals("--token")
                || name.equals("-k");
    }

    /**
     * JCommander's message without the text of stray arguments: a misplaced argument may well be a secret
     * ({@code backoff run sk-...}), and the message would print it.
     */
    static String withoutArgumentValues(String message) {
        Matcher stray = STRAY_ARGUMENT.matcher(String.valueOf(message));
        if (stray.find()) {
            String argument = stray.group(1);
            String shown = argument.startsWith("-")
                    ? argument.split("=", 2)[0] + (argument.contains("=") ? "=..." : "")
                    : "a value (not shown)";
            return "unexpected argument " + shown + ": this command takes no such option or value";
        }
        return message;
    }

    private static Set<String> assignedFlags(JCommander command) {
        return command.getParameters().stream()
                .filter(ParameterDescription::isAssigned)
                .map(ParameterDescription::getLongestName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Flags accepted before the command name. */
    static final class GlobalOptions {
        @Parameter(
                names = {"-h", "--help"},
                help = true,
                description = "Show help for every command and exit")
        boolean help;
    }
}
