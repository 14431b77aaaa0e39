/**
 * The {@code backoff} command: {@link dev.progressivebackoff.cli.Main} parses the arguments with
 * JCommander and hands them to one class per subcommand ({@code schedule}, {@code verify},
 * {@code explain}, {@code run}, {@code serve}, {@code detect-tier}, {@code health}). Results go to stdout,
 * diagnostics to stderr; exit codes are 0 (ok), 1 (the work failed) and 2 (usage or input error).
 */
package dev.progressivebackoff.cli;
