package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.cli.CliContext;
import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the API key from an environment variable or a file — never from a flag value — and never puts
 * it in a message. A key file that the group or other users can read (or write) is refused.
 */
public final class ApiKeys {

    private ApiKeys() {}

    /**
     * The key from {@code file} if given, else from the environment variable {@code envName}.
     *
     * @throws UsageException naming the variable or file when there is no key
     */
    public static String required(CliContext context, String envName, String file) {
        return optional(context, envName, file)
                .orElseThrow(() -> new UsageException("no API key: set the " + "environment variable " + envName
                        + " (or name another with --api-key-env, or use --api-key-file)"));
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
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--api-key-file: no such file: " + shown);
        }
        refuseIfOthersCanRead(path, shown);
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
            // The exception's own message could quote the file's content: name the file only.
            throw new UsageException("--api-key-file: cannot read " + shown);
        }
    }

    /**
     * Refuses a key file that its group or other users can read (on file systems with POSIX permissions): the
     * key would be as good as shared.
     */
    private static void refuseIfOthersCanRead(Path path, String shown) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException noPosix) {
            return;
        } catch (IOException unreadable) {
            throw new UsageException("--api-key-file: cannot read the permissions of " + shown);
        }
        EnumSet<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : permissions) {
            if (permission == PosixFilePermission.GROUP_READ
                    || permission == PosixFilePermission.OTHERS_READ
                    || permission == PosixFilePermission.GROUP_WRITE
                    || permission == PosixFilePermission.OTHERS_WRITE) {
                exposed.add(permission);
            }
        }
        if (!exposed.isEmpty()) {
            throw new UsageException("--api-key-file: refusing " + shown + ": other users can read or change it ("
                    + PosixFilePermissions.toString(permissions) + "); make it private with: chmod 600 " + shown);
        }
    }
}
