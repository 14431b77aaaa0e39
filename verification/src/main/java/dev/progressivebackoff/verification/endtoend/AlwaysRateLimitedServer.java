package dev.progressivebackoff.verification.endtoend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real HTTP server on loopback (a free port) that answers every request with 429, the configured headers
 * and body, and remembers each request line it received. Thread-safe; close it to stop it.
 */
public final class AlwaysRateLimitedServer implements AutoCloseable {

    /** A Moonshot-style 429 body with no retry hint in it, so the tier schedule decides the waits. */
    public static final String DEFAULT_BODY =
            "{\"error\":{\"message\":\"Your account request reached organization max RPM\","
                    + "\"type\":\"rate_limit_reached_error\"}}";

    private final HttpServer server;
    private final byte[] body;
    private final Map<String, String> headers;
    private final List<String> received = new ArrayList<>();

    private AlwaysRateLimitedServer(HttpServer server, String body, Map<String, String> headers) {
        this.server = server;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.headers = Map.copyOf(headers);
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
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AlwaysRateLimitedServer server = new AlwaysRateLimitedServer(http, body, new LinkedHashMap<>(headers));
            http.createContext("/", server::answer);
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local rate-limited server", e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.readAllBytes();
            synchronized (received) {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            }
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(429, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
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

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
    }
}
