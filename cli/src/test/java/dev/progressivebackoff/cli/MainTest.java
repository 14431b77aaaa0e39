package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    private final CliHarness cli = CliHarness.plain();

    @Test
    void listsEveryCommandAndEveryFlagWithItsDefaultUnderHelp() {
        // when
        CliHarness.Result result = cli.run("--help");

        // then
        assertThat(result.exitCode()).isZero();
        for (Subcommand command : Main.commands()) {
            assertThat(result.out()).contains("  " + command.name() + " ").contains("backoff " + command.name());
            for (ParameterDescription flag : parametersOf(command)) {
                assertThat(result.out()).contains(flag.getNames());
            }
        }
        assertThat(result.out().lines().filter(line -> line.startsWith("  -")))
                .allSatisfy(line -> assertThat(line).contains("(default: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"schedule", "verify", "explain", "run", "serve", "detect-tier", "health"})
    void listsEveryFlagOfACommandWithItsDefault(String name) {
        // when
        CliHarness.Result result = cli.run(name, "--help");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: backoff " + name + " [options]");
        Subcommand command = Main.commands().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
        for (ParameterDescription flag : parametersOf(command)) {
            assertThat(result.out()).contains(flag.getNames());
        }
        assertThat(result.out().lines().filter(line -> line.startsWith("  -")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("(default: "));
    }

    @Test
    void exitsWithTwoAndUsageOnStderrWithoutACommand() {
        CliHarness.Result result = cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("a command is required").contains("backoff --help");
    }

    @Test
    void exitsWithTwoNamingAnUnknownFlag() {
        CliHarness.Result result = cli.run("schedule", "--bogus");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--bogus");
    }

    @Test
    void exitsWithTwoNamingAFlagWhoseValueHasTheWrongType() {
        CliHarness.Result result = cli.run("schedule", "--retries", "many");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--retries").contains("many");
    }

    @Test
    void exitsWithTwoForAnUnknownCommand() {
        CliHarness.Result result = cli.run("fly");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("fly");
    }

    private static java.util.List<ParameterDescription> parametersOf(Subcommand command) {
        return JCommander.newBuilder().addObject(command).build().getParameters();
    }
}
