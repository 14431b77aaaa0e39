package dev.progressivebackoff.verification.endtoend;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of an HTTP/1.1 request the always-429 server needs: what was asked for, and how to skip the body
 * and keep the connection. Reads from a buffered stream; the body is read and discarded.
 *
 * @param method         the request method
 * @param path           the decoded path of the request target
 * @param contentLength  the body's length, or -1 when chunked or absent
 * @param chunked        whether the body is sent in chunks
 * @param expectContinue whether the client waits for {@code 100 Continue} before its body
 * @param keepAlive      whether the connection stays open after the answer
 */
record RequestHead(
        String method, String path, long contentLength, boolean chunked, boolean expectContinue, boolean keepAlive) {

    private static final int MAX_LINE = 16 * 1024;

    /** The next request's head, or empty when the client closed the connection between requests. */
    static Optional<RequestHead> read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return Optional.empty();
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length != 3) {
            throw new IOException("not an HTTP request line");
        }
        long length = -1;
        boolean chunked = false;
        boolean expectContinue = false;
        boolean keepAlive = !parts[2].equals("HTTP/1.0");
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "expect" -> expectContinue = value.equals("100-continue");
                case "connection" -> keepAlive = value.contains("keep-alive") || keepAlive && !value.contains("close");
                default -> {}
            }
        }
        return Optional.of(
                new RequestHead(parts[0], URI.create(parts[1]).getPath(), length, chunked, expectContinue, keepAlive));
    }

    /** Reads and discards this request's body. */
    void skipBody(InputStream in) throws IOException {
        if (chunked) {
            for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers carry nothing the server needs
            }
        } else if (contentLength > 0) {
            skip(in, contentLength);
        }
    }

    private static long chunkSize(InputStream in) throws IOException {
        String line = line(in);
        if (line == null) {
            throw new EOFException("the connection closed inside a chunked body");
        }
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static void skip(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the connection closed inside a request body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** One CRLF- (or LF-) terminated line without its terminator, or null at end of stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (bytes.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection closed inside a request head");
            }
            if (bytes.size() >= MAX_LINE) {
                throw new IOException("request head line too long");
            }
            bytes.write(b);
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
