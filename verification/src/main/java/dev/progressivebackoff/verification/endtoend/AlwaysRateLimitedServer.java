package dev.progressivebackoff.verification.endtoend;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on loopback (a free port) that answers every request with 429, the configured headers
 * and body, and remembers each request line it received. Connections are kept alive. Each answer leaves in
 * one write on a {@code TCP_NODELAY} socket: an answer split into headers and body would wait for the client's
 * delayed ACK (about 40 ms) on a kept-alive connection. Thread-safe; close it to stop it.
 */
public final class AlwaysRateLimitedServer implements AutoCloseable {

    /** A Moonshot-style 429 body with no retry hint in it, so the tier schedule decides the waits. */
    public static final String DEFAULT_BODY =
            "{\"error\":{\"message\":\"Your account request reached organization max RPM\","
                    + "\"type\":\"rate_limit_reached_error\"}}";

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket listener;
    private final byte[] answer;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> received = new ArrayList<>();

    private AlwaysRateLimitedServer(ServerSocket listener, byte[] answer) {
        this.listener = listener;
        this.answer = answer;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "always-429-server-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a server answering {@link #DEFAULT_BODY} with no extra headers. */
    public static AlwaysRateLimitedServer start() {
        return start(DEFAULT_BODY, Map.of());
    }

    /**
     * Starts a server.
     *
     * @param body    the body of every 429
     * @param headers extra headers of every 429 (e.g. {@code x-ratelimit-limit-requests})
     */
    public static AlwaysRateLimitedServer start(String body, Map<String, String> headers) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        byte[] answer = answer(body, new LinkedHashMap<>(headers));
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            AlwaysRateLimitedServer server = new AlwaysRateLimitedServer(listener, answer);
            server.threads.execute(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local rate-limited server", e);
        }
    }

    /** The whole answer, status line to body, so that it can leave in one write. */
    private static byte[] answer(String body, Map<String, String> headers) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 429 Too Many Requests\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(content);
        return bytes.toByteArray();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                connections.incrementAndGet();
                threads.execute(() -> serve(socket));
            } catch (IOException closedOrFailed) {
                // closed by close(), or one failed accept: the loop condition tells which
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                InputStream in = new BufferedInputStream(socket.getInputStream())) {
            OutputStream out = socket.getOutputStream();
            for (Optional<RequestHead> next = RequestHead.read(in); next.isPresent(); next = RequestHead.read(in)) {
                RequestHead request = next.get();
                if (request.expectContinue()) {
                    out.write(CONTINUE);
                }
                request.skipBody(in);
                synchronized (received) {
                    received.add(request.method() + " " + request.path());
                }
                out.write(answer);
                if (!request.keepAlive()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException dropped) {
            // a client that went away or spoke no HTTP: its connection ends here, the server goes on
        } finally {
            open.remove(socket);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** How many requests arrived. */
    public int requestCount() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Each request that arrived, as {@code METHOD /path}, in order. */
    public List<String> requests() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many TCP connections were accepted: one for a whole replay when keep-alive works. */
    public int connectionCount() {
        return connections.get();
    }

    /** Stops the server at once, cutting open connections. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is all that is asked; nothing is left to release
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // as above
            }
        }
        threads.shutdownNow();
    }
}
