package dev.progressivebackoff.cli.internal.batch;

import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a run whose files overlap before anything is sent or written: an output that is an input (or
 * another output) would be truncated or appended to. Paths are compared as files, not as text: through
 * symbolic links and {@code ..}, and hard links by their file key.
 */
public final class SameFiles {

    private SameFiles() {}

    /**
     * A file named on the command line.
     *
     * @param flag  the flag that named it, for the message
     * @param shown the name as the user typed it
     * @param path  the resolved path
     */
    public record Named(String flag, String shown, Path path) {}

    /**
     * Checks that no output is the same file as an input or as another output.
     *
     * @throws UsageException naming both flags and the file
     */
    public static void refuseOverlaps(List<Named> outputs, List<Named> inputs) {
        List<Named> seen = new ArrayList<>();
        for (Named output : outputs) {
            for (Named other : seen) {
                refuseSame(output, other);
            }
            for (Named input : inputs) {
                refuseSame(output, input);
            }
            seen.add(output);
        }
    }

    private static void refuseSame(Named output, Named other) {
        if (same(output.path(), other.path())) {
            throw new UsageException(output.flag() + ": " + output.shown() + " is the same file as " + other.flag()
                    + " " + other.shown() + "; writing it would destroy it, so nothing was done");
        }
    }

    /** True when {@code a} and {@code b} are (or would be, once created) the same file. */
    static boolean same(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException unreadable) {
                return canonical(a).equals(canonical(b));
            }
        }
        return canonical(a).equals(canonical(b));
    }

    /** The real path of {@code file}, or of its parent followed by its name when it does not exist yet. */
    private static Path canonical(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Optional<Path> real = realPath(absolute);
        if (real.isPresent()) {
            return real.get();
        }
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            return absolute;
        }
        // A dangling symbolic link writes through to its target: compare where it points.
        if (Files.isSymbolicLink(absolute)) {
            try {
                return canonical(parent.resolve(Files.readSymbolicLink(absolute)));
            } catch (IOException unreadable) {
                return absolute;
            }
        }
        return realPath(parent).orElse(parent).resolve(absolute.getFileName());
    }

    private static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException missing) {
            return Optional.empty();
        }
    }
}
