package dev.progressivebackoff.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on loopback (random port) answering each request as its test scripts it: the n-th request
 * (0-based) gets {@link Answer#answer}, which writes the raw response or cuts the connection (one connection per
 * request: answers should say {@code Connection: close}). It keeps each request's head, so a test can assert how
 * often the client tried and what it sent. Close it to stop.
 */
public final class ScriptedServer implements AutoCloseable {

    /** How the server answers one request. */
    @FunctionalInterface
    public interface Answer {
        /**
         * Answers request {@code index} (0-based), whose head (request line and headers) is {@code head}.
         *
         * @param out the connection's output; the connection is closed afterwards
         */
        void answer(int index, String head, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Answer answer;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scripted-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    private ScriptedServer(ServerSocket socket, Answer answer) {
        this.socket = socket;
        this.answer = answer;
    }

    /** Starts a server answering with {@code answer}. */
    public static ScriptedServer start(Answer answer) throws IOException {
        ScriptedServer server = new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answer);
        server.threads.execute(server::accept);
        return server;
    }

    /** A full response: status, extra header lines (each {@code Name: value}), a body, {@code Connection: close}. */
    public static byte[] response(int status, String body, String... headers) {
        StringBuilder text = new StringBuilder("HTTP/1.1 " + status + " Scripted\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        text.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        text.append(body);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value of header {@code name} in a request head, or empty text. */
    public static String header(String head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .findFirst()
                .orElse("");
    }

    /** Where the server listens: {@code http://127.0.0.1:port}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Requests read so far. */
    public int requests() {
        return requests.get();
    }

    /** The heads of the requests read, in order. */
    public List<String> heads() {
        return List.copyOf(heads);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                threads.execute(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String head = head(in);
            if (head == null) {
                return;
            }
            int length =
                    Integer.parseInt(header(head, "Content-Length").isEmpty() ? "0" : header(head, "Content-Length"));
            in.readNBytes(length);
            heads.add(head);
            try {
                answer.answer(requests.getAndIncrement(), head, connection.getOutputStream());
            } catch (Reset reset) {
                connection.setSoLinger(true, 0);
                return;
            }
            connection.getOutputStream().flush();
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the client went away, or the script cut the connection
        }
    }

    /** Cuts the connection with a TCP reset, nothing answered: call (as the last thing) from {@link Answer#answer}. */
    public static void reset() {
        throw new Reset();
    }

    /** Thrown by {@link #reset()} to the server, which resets the connection. */
    private static final class Reset extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reset() {
            super("reset", null, false, false);
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
