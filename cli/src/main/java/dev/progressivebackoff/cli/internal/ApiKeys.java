package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.cli.CliContext;
import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the API key from an environment variable or a file — never from a flag value — and never puts
 * it in a message.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    /**
     * The key from {@code file} if given, else from the environment variable {@code envName}.
     *
     * @throws UsageException naming the variable or file when there is no key
     */
    public static String required(CliContext context, String envName, String file) {
        return optional(context, envName, file).orElseThrow(() -> new UsageException("no API key: set the "
                + "environment variable " + envName + " (or name another with --api-key-env, or use --api-key-file)"));
    }

    /** The key from {@code file} if given, else from {@code envName} if given and set; empty otherwise. */
    public static Optional<String> optional(CliContext context, String envName, String file) {
        if (file != null) {
            return Optional.of(fromFile(context.resolve(file), file));
        }
        if (envName == null) {
            return Optional.empty();
        }
        String value = context.env().get(envName);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static String fromFile(Path path, String shown) {
        try {
            String key = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                throw new UsageException("--api-key-file: " + shown + " is empty");
            }
            return key;
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof UsageException usage) {
                throw usage;
            }
            throw new UsageException("--api-key-file: cannot read " + shown);
        }
    }
}
