package dev.progressivebackoff.cli.internal;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Prints help the Unix way: usage line, description, then every flag with its value placeholder,
 * description and default (including "none" for flags without one).
 */
public final class HelpPrinter {

    private final PrintStream out;

    /** Prints to {@code out}. */
    public HelpPrinter(PrintStream out) {
        this.out = out;
    }

    /** Help for one subcommand. */
    public void command(String name, JCommander command) {
        out.println("Usage: backoff " + name + " [options]");
        out.println();
        out.println("  " + description(command));
        out.println();
        options(command);
    }

    /** Help for the whole program: every command, then every command's flags. */
    public void program(JCommander root, Collection<String> names) {
        out.println("Usage: backoff COMMAND [options]");
        out.println();
        out.println("Call rate-limited OpenAI-compatible APIs as fast as the quota allows.");
        out.println();
        out.println("Commands:");
        for (String name : names) {
            out.printf("  %-12s %s%n", name, description(root.getCommands().get(name)));
        }
        out.println();
        out.println("Exit codes: 0 ok, 1 the work failed, 2 usage or input error.");
        out.println("Run 'backoff COMMAND --help' for one command. Every command's flags:");
        for (String name : names) {
            out.println();
            out.println("backoff " + name);
            options(root.getCommands().get(name));
        }
    }

    private void options(JCommander command) {
        out.println("Options:");
        List<ParameterDescription> parameters = new ArrayList<>(command.getParameters());
        parameters.sort(Comparator.comparing(p -> p.getParameter().order() == -1
                ? Integer.MAX_VALUE
                : p.getParameter().order()));
        for (ParameterDescription parameter : parameters) {
            if (parameter.getParameter().hidden()) {
                continue;
            }
            String flag = parameter.getNames() + placeholder(parameter);
            out.printf("  %-30s %s (default: %s)%n", flag, parameter.getDescription(), defaultOf(parameter));
        }
    }

    private static String description(JCommander command) {
        Parameters annotation = command.getObjects().get(0).getClass().getAnnotation(Parameters.class);
        return annotation == null ? "" : annotation.commandDescription();
    }

    private static String placeholder(ParameterDescription parameter) {
        Class<?> type = parameter.getParameterized().getType();
        if (type == boolean.class || type == Boolean.class) {
            return "";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return " N";
        }
        if (type == double.class || type == Double.class) {
            return " F";
        }
        if (type == Duration.class) {
            return " DURATION";
        }
        String name = parameter.getLongestName();
        if (type == Path.class
                || name.endsWith("-file")
                || List.of("--input", "--output", "--failures", "--config").contains(name)) {
            return " FILE";
        }
        if (name.equals("--endpoint")) {
            return " URL";
        }
        if (name.endsWith("tier") || name.endsWith("-env") || name.equals("--model")) {
            return " NAME";
        }
        return " VALUE";
    }

    private static String defaultOf(ParameterDescription parameter) {
        String described = parameter.getParameter().getParameter().defaultValueDescription();
        if (!described.isEmpty()) {
            return described;
        }
        Object value = parameter.getDefault();
        if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
            return "none";
        }
        if (value instanceof Duration duration) {
            return dev.progressivebackoff.core.Seconds.format(duration);
        }
        return value.toString();
    }
}
