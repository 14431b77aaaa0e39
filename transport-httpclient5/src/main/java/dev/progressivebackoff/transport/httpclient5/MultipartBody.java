package dev.progressivebackoff.transport.httpclient5;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578), built in memory so that every transport retry sends the same
 * bytes: text fields and files. Immutable; {@link #builder()} makes one, {@link TransportRequest#withBody(MultipartBody)}
 * sends it.
 */
public final class MultipartBody {

    private final byte[] bytes;
    private final String boundary;

    private MultipartBody(byte[] bytes, String boundary) {
        this.bytes = bytes;
        this.boundary = boundary;
    }

    /**
     * A builder with a random boundary.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder("pb-" + UUID.randomUUID());
    }

    /**
     * The encoded body (a copy).
     *
     * @return the bytes to send
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * {@code multipart/form-data; boundary=...}.
     *
     * @return the {@code Content-Type} to send the body with
     */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Adds parts in order; not thread-safe. */
    public static final class Builder {
        private final String boundary;
        private final List<byte[]> parts = new ArrayList<>();

        private Builder(String boundary) {
            this.boundary = boundary;
        }

        /**
         * Adds a text field.
         *
         * @param name  the field's name
         * @param value its value, sent as UTF-8
         * @return this builder
         */
        public Builder addText(String name, String value) {
            Objects.requireNonNull(value, "value");
            return add(disposition(name, null), "text/plain; charset=UTF-8", value.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Adds a file.
         *
         * @param name        the field's name, e.g. {@code file}
         * @param fileName    the file name the server sees
         * @param contentType the file's media type, e.g. {@code application/jsonl}
         * @param content     the file's bytes (copied)
         * @return this builder
         */
        public Builder addFile(String name, String fileName, String contentType, byte[] content) {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(contentType, "contentType");
            return add(disposition(name, fileName), contentType, content.clone());
        }

        private Builder add(String disposition, String contentType, byte[] content) {
            checkHeaderText(contentType);
            String head = "--" + boundary + "\r\n" + disposition + "\r\nContent-Type: " + contentType + "\r\n\r\n";
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            part.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            part.writeBytes(content);
            part.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            parts.add(part.toByteArray());
            return this;
        }

        private static String disposition(String name, String fileName) {
            Objects.requireNonNull(name, "name");
            String line = "Content-Disposition: form-data; name=\"" + quoted(name) + "\"";
            return fileName == null ? line : line + "; filename=\"" + quoted(fileName) + "\"";
        }

        /** A name inside quotes: quotes and backslashes escaped, line breaks refused (they would end the header). */
        private static String quoted(String text) {
            checkHeaderText(text);
            return text.replace("\\", "\\\\").replace("\"", "\\\"");
        }

        private static void checkHeaderText(String text) {
            if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a part's name, file name or type must not hold CR or LF");
            }
        }

        /**
         * The body.
         *
         * @return the parts so far, closed by the final boundary
         */
        public MultipartBody build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return new MultipartBody(out.toByteArray(), boundary);
        }
    }
}
