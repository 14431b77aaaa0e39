package dev.progressivebackoff.cli.internal.batch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a file line by line as bytes, so every line is decoded on its own: a bad byte is reported on
 * its real line (a decoding reader reads ahead and would blame an earlier one), and one bad line does
 * not spoil the rest. Lines end at {@code \n}; a {@code \r} before it and a UTF-8 byte order mark at
 * the start of the file are dropped. Not thread-safe.
 */
final class ByteLines implements Closeable {

    /** The longest line read (64 MiB): a longer one, or an endless file such as {@code /dev/zero}, is refused. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private int number;
    private long offset;

    private ByteLines(InputStream in) {
        this.in = in;
    }

    /** Opens {@code file}; {@link java.nio.file.NoSuchFileException} if it is missing. */
    static ByteLines open(Path file) throws IOException {
        return new ByteLines(new BufferedInputStream(Files.newInputStream(file), 64 * 1024));
    }

    /**
     * The next line, or empty at the end of the file.
     *
     * @throws LineTooLongException when the line exceeds {@link #MAX_LINE_BYTES}
     */
    Optional<Line> next() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        long start = offset;
        int b;
        boolean newline = false;
        while ((b = in.read()) >= 0) {
            offset++;
            if (b == '\n') {
                newline = true;
                break;
            }
            if (bytes.size() >= MAX_LINE_BYTES) {
                throw new LineTooLongException(
                        "line " + (number + 1) + " is longer than " + MAX_LINE_BYTES / (1024 * 1024) + " MiB");
            }
            bytes.write(b);
        }
        if (!newline && bytes.size() == 0) {
            return Optional.empty();
        }
        number++;
        byte[] line = bytes.toByteArray();
        int skip = number == 1 && startsWithBom(line) ? 3 : 0;
        int end = line.length > skip && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        byte[] content = java.util.Arrays.copyOfRange(line, skip, Math.max(skip, end));
        return Optional.of(new Line(number, start, content, newline));
    }

    private static boolean startsWithBom(byte[] line) {
        return line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * One line.
     *
     * @param number     1-based line number
     * @param offset     byte offset of the line's first byte in the file
     * @param bytes      the line without its end of line (and without a leading byte order mark)
     * @param terminated true if a {@code \n} ended it (false only for an unterminated last line)
     */
    record Line(int number, long offset, byte[] bytes, boolean terminated) {

        /**
         * The line as text.
         *
         * @throws NotUtf8Exception saying where the first bad byte is
         */
        String text() throws NotUtf8Exception {
            CharsetDecoder decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer input = ByteBuffer.wrap(bytes);
            CharBuffer output = CharBuffer.allocate(bytes.length);
            CoderResult result = decoder.decode(input, output, true);
            if (!result.isError()) {
                result = decoder.flush(output);
            }
            if (result.isError()) {
                int at = input.position();
                throw new NotUtf8Exception(String.format(
                        "not valid UTF-8 text (byte 0x%02X at byte %d of the line)", bytes[at] & 0xFF, at + 1));
            }
            return output.flip().toString();
        }
    }

    /** A line is not valid UTF-8. */
    static final class NotUtf8Exception extends Exception {
        private static final long serialVersionUID = 1L;

        NotUtf8Exception(String message) {
            super(message);
        }
    }

    /** A line is longer than {@link #MAX_LINE_BYTES}. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(String message) {
            super(message);
        }
    }
}
