package dev.progressivebackoff.cli.internal.batch;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file the {@link ResultLog} appends lines to. A seam so tests can fail a write the way a full disk
 * does (part of a line written, then an error) without filling a disk.
 */
interface LineSink extends Closeable {

    /** Opens the sink of a file; {@code append} keeps what it holds, otherwise it starts empty. */
    @FunctionalInterface
    interface Opener {
        LineSink open(Path file, boolean append) throws IOException;
    }

    /** The sinks of real files. */
    Opener FILES = FileSink::open;

    /** The file's length: where the next line starts. */
    long size() throws IOException;

    /** Appends all of {@code bytes}, or throws having written some of them. */
    void write(byte[] bytes) throws IOException;

    /** Cuts the file back to {@code size} bytes (a partly written line goes). */
    void truncate(long size) throws IOException;

    /** Forces what was written to the disk. */
    void sync() throws IOException;

    /**
     * A file written through a {@link RandomAccessFile}: unlike a {@code FileChannel} it is not closed when a
     * worker writing to it is interrupted (a stopped run still writes the answers arriving in its grace).
     */
    final class FileSink implements LineSink {
        private final RandomAccessFile file;
        private final boolean regular;

        private FileSink(RandomAccessFile file, boolean regular) {
            this.file = file;
            this.regular = regular;
        }

        static LineSink open(Path path, boolean append) throws IOException {
            // A device or a pipe has no length to keep or cut, nor anything to force to a disk.
            boolean regular = !Files.exists(path) || Files.isRegularFile(path);
            RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
            if (regular && !append) {
                file.setLength(0);
            }
            return new FileSink(file, regular);
        }

        @Override
        public long size() throws IOException {
            return regular ? file.length() : 0;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (regular) {
                file.seek(file.length());
            }
            file.write(bytes);
        }

        @Override
        public void truncate(long size) throws IOException {
            if (!regular) {
                throw new IOException("cannot cut back a device or a pipe");
            }
            file.setLength(size);
        }

        @Override
        public void sync() throws IOException {
            if (regular) {
                file.getFD().sync();
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
