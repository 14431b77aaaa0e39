package dev.progressivebackoff.cli;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An external OpenAI-compatible endpoint for {@code bench --endpoint} tests, on loopback: records every
 * request's method, path, {@code X-Bench-Run} label and bearer key; answers the second request of each key 429
 * ({@code retry-after-ms: 1}) and every other one with a chat completion, carrying the response headers given.
 */
final class RecordingChatEndpoint implements AutoCloseable {

    /** One request as the server saw it. */
    record Arrival(String method, String path, String label, String apiKey) {}

    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    private final Map<String, String> successHeaders;
    private final LoopbackServer server;

    private RecordingChatEndpoint(Map<String, String> successHeaders) {
        this.successHeaders = Map.copyOf(successHeaders);
        this.server = LoopbackServer.start(this::answer);
    }

    /** A server adding nothing to its successful answers. */
    static RecordingChatEndpoint start() {
        return new RecordingChatEndpoint(Map.of());
    }

    /** A server adding {@code headers} to every successful answer. */
    static RecordingChatEndpoint withSuccessHeaders(Map<String, String> headers) {
        return new RecordingChatEndpoint(headers);
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    String endpoint() {
        return server.endpoint();
    }

    /** Every request so far, in arrival order. */
    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The requests so far grouped by their {@code X-Bench-Run} label. */
    Map<String, List<Arrival>> byLabel() {
        return arrivals.stream().collect(Collectors.groupingBy(Arrival::label));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String key = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
        String label = exchange.getRequestHeaders().getFirst("X-Bench-Run");
        arrivals.add(new Arrival(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                label == null ? "(none)" : label,
                key));
        if (perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 2) {
            exchange.getResponseHeaders().set("retry-after-ms", "1");
            LoopbackServer.send(
                    exchange,
                    429,
                    "application/json",
                    "{\"error\":{\"message\":\"Too many requests, slow down\",\"type\":\"rate_limit_reached_error\"}}");
            return;
        }
        successHeaders.forEach(exchange.getResponseHeaders()::set);
        LoopbackServer.send(exchange, 200, "application/json", LoopbackServer.completion("ok"));
    }

    @Override
    public void close() {
        server.close();
    }
}
