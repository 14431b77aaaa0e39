package dev.progressivebackoff.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP server on loopback (random port) that misbehaves in one chosen way, for the tests of the
 * transport and of {@code backoff run}: every request it reads is answered with its {@link Behaviour}. It
 * counts the requests it read and keeps their heads, so a test can assert how often the client tried and
 * what it sent. Close it to stop; open connections are cut.
 */
public final class HostileServer implements AutoCloseable {

    /** How the server misbehaves. */
    public enum Behaviour {
        /** Sends a status line, then one header byte every 100 ms, forever (slowloris). */
        SLOWLORIS_HEADERS,
        /** A 200 with a chunked body that never ends, sent as fast as it is read. */
        ENDLESS_CHUNKED_BODY,
        /** A 200 whose body dribbles one byte every 100 ms, forever: never idle, never done. */
        DRIBBLED_BODY,
        /** A 200 announcing {@code Content-Length: 10000} that sends 20 bytes and closes. */
        LYING_CONTENT_LENGTH,
        /** A 200 with {@code Content-Encoding: gzip}: 64 KiB on the wire, 64 MiB of zeros unpacked. */
        GZIP_BOMB,
        /** A 307 to another path of this server (whose answer would be a valid completion). */
        REDIRECT,
        /** The head of a 200 with a body announced, then a TCP reset. */
        RESET_AFTER_HEADERS,
        /** Reads the request and never answers. */
        NEVER_ANSWERS
    }

    private final ServerSocket socket;
    private final Behaviour behaviour;
    private final ExecutorService threads;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HostileServer(ServerSocket socket, Behaviour behaviour) {
        this.socket = socket;
        this.behaviour = behaviour;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "hostile-server");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a server that answers every request with {@code behaviour}. */
    public static HostileServer start(Behaviour behaviour) throws IOException {
        HostileServer server = new HostileServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), behaviour);
        server.threads.execute(server::accept);
        return server;
    }

    /** The base URI an OpenAI-compatible client is given: {@code http://127.0.0.1:<port>/v1}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }

    /** Requests read so far. */
    public int requests() {
        return requests.get();
    }

    /** The head (request line and headers) of every request read, in order. */
    public List<String> heads() {
        return List.copyOf(heads);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket connection = socket.accept();
                open.add(connection);
                threads.execute(() -> serve(connection));
            } catch (IOException stopped) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (!closed) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                skipBody(in, head);
                heads.add(head);
                requests.incrementAndGet();
                misbehave(connection, out, head);
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up or the server closed: either is the point of the test
        }
    }

    private void misbehave(Socket connection, OutputStream out, String head) throws IOException, InterruptedException {
        switch (behaviour) {
            case SLOWLORIS_HEADERS -> {
                write(out, "HTTP/1.1 200 OK\r\n");
                while (!closed) {
                    write(out, "X");
                    Thread.sleep(100);
                }
            }
            case ENDLESS_CHUNKED_BODY -> endlessChunks(out);
            case DRIBBLED_BODY -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");
                while (!closed) {
                    write(out, " ");
                    Thread.sleep(100);
                }
            }
            case LYING_CONTENT_LENGTH -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n");
                write(out, "{\"choices\":[{\"mess");
                connection.close();
            }
            case GZIP_BOMB -> gzipBomb(out);
            case REDIRECT -> redirect(out, head);
            case RESET_AFTER_HEADERS -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n");
                connection.setSoLinger(true, 0);
                connection.close();
            }
            case NEVER_ANSWERS -> {
                while (!closed) {
                    Thread.sleep(50);
                }
            }
        }
    }

    private void endlessChunks(OutputStream out) throws IOException {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] chunk = ("2000\r\n" + " ".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!closed) {
            out.write(chunk);
        }
    }

    private static void gzipBomb(OutputStream out) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                        + packed.size() + "\r\n\r\n");
        out.write(packed.toByteArray());
        out.flush();
    }

    private static void redirect(OutputStream out, String head) throws IOException {
        String target = head.startsWith("GET /elsewhere") ? "" : "Location: /elsewhere\r\n";
        if (target.isEmpty()) {
            String body = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"redirected\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
                    + "\"completion_tokens\":1,\"total_tokens\":2}}";
            write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                            + body);
            return;
        }
        write(out, "HTTP/1.1 307 Temporary Redirect\r\n" + target + "Content-Length: 0\r\n\r\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request head up to the blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                long length = Long.parseLong(
                        line.substring("content-length:".length()).strip());
                in.readNBytes((int) length);
            }
        }
    }

    /** Stops the server and cuts every open connection. */
    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        for (Socket connection : open) {
            try {
                connection.close();
            } catch (SocketException ignored) {
                // already gone
            }
        }
        threads.shutdownNow();
    }
}
