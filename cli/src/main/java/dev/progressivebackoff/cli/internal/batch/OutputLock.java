package dev.progressivebackoff.cli.internal.batch;

import dev.progressivebackoff.cli.UsageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run's output, held from before the output is read until the run ends, so two
 * runs can never answer (and pay for) the same samples twice. It is an operating-system lock on the file
 * {@code <output>.lock}, which holds the PID of its holder: the lock ends with the process, even after
 * {@code kill -9}, and the file left behind is harmless (it is never deleted, which would let a third run
 * lock a new file while a second still holds the old one).
 */
public final class OutputLock implements Closeable {

    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code output}: {@code <output>.lock} beside it. */
    public static Path lockFileOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code output} at once, or fails.
     *
     * @param shown the output's name in messages
     * @throws UsageException when another run holds it (naming its PID), or the lock file cannot be written
     */
    public static OutputLock acquire(Path output, String shown) {
        Path file = lockFileOf(output);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new UsageException("--output: " + shown + " is in use by another backoff run (PID " + holder
                        + ", lock file " + file.getFileName() + "); wait for it to end or choose another --output");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new OutputLock(channel, lock);
        } catch (IOException cannot) {
            closeQuietly(channel);
            throw new UsageException("--output: cannot lock " + shown + " (" + file + "): " + cannot.getMessage());
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            return null;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("[0-9]+") ? text : "unknown";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
