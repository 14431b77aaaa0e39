package dev.progressivebackoff.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads small files whole, never more than a limit: {@code /dev/zero} or a huge file cannot exhaust memory. */
public final class BoundedFiles {

    private BoundedFiles() {}

    /** A file larger than the limit (or a device that never ends). */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    /**
     * The whole of {@code file} as UTF-8 text.
     *
     * @throws TooLargeException when it holds more than {@code maxBytes} bytes (only that much more is read)
     */
    public static String readUtf8(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
