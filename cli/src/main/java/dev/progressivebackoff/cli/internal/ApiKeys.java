package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.cli.CliContext;
import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
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

    /** The largest key file read: a key is about a hundred bytes. */
    static final int MAX_KEY_FILE_BYTES = 4096;

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
        return value == null || value.isBlank()
                ? Optional.empty()
                : Optional.of(cleaned(value, "the environment variable " + envName));
    }

    /**
     * True for a value that looks like an API key ({@code sk-...}, or one long unbroken token): given to a flag
     * that takes a path or a URL it is a mistake, and the message must not repeat it.
     */
    public static boolean looksLikeKey(String value) {
        String text = value.strip();
        return text.regionMatches(true, 0, "sk-", 0, 3) || text.matches("[A-Za-z0-9_\\-]{32,}");
    }

    /** {@code value} as shown in a message: itself, unless it looks like a key. */
    public static String shown(String value) {
        return looksLikeKey(value) ? "a value that looks like an API key (not shown)" : value;
    }

    /**
     * The key without surrounding whitespace and without a byte order mark; refused when an invisible or
     * control character is inside (a copy from a web page or a word processor), which would corrupt it.
     */
    static String cleaned(String raw, String source) {
        String key = raw.strip();
        if (key.startsWith("\uFEFF")) {
            key = key.substring(1).strip();
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new UsageException("the API key in " + source + " holds an invisible, control or non-ASCII "
                        + "character (U+" + String.format("%04X", (int) c) + " at index " + i + "); keys are plain "
                        + "ASCII: copy it again as plain text");
            }
        }
        return key;
    }

    private static String fromFile(Path path, String shown) {
        String named = shown(shown);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--api-key-file: no such file: " + named
                    + (looksLikeKey(shown) ? "; the flag takes the path of a file holding the key, not the key" : ""));
        }
        refuseIfOthersCanRead(path, shown);
        String key;
        try {
            key = BoundedFiles.readUtf8(path, MAX_KEY_FILE_BYTES);
        } catch (BoundedFiles.TooLargeException tooLarge) {
            throw new UsageException(
                    "--api-key-file: " + shown + " is " + tooLarge.getMessage() + "; a key file holds one API key");
        } catch (IOException | RuntimeException unreadable) {
            // The exception's own message could quote the file's content: name the file only.
            throw new UsageException("--api-key-file: cannot read " + shown);
        }
        if (key.isBlank()) {
            throw new UsageException("--api-key-file: " + shown + " is empty");
        }
        return cleaned(key, "--api-key-file " + shown);
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
