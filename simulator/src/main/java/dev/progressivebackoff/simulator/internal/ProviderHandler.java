package dev.progressivebackoff.simulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.progressivebackoff.simulator.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers every request of the simulated provider: bearer auth, per-key limits, latency, error
 * injection, then the OpenAI-compatible endpoints. Thread-safe.
 */
public final class ProviderHandler implements HttpHandler {

    private static final String CHAT_PATH = "/v1/chat/completions";
    private static final String MODELS_PATH = "/v1/models";
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final ProviderConfig config;
    private final Counters counters;
    private final ObjectMapper json = new ObjectMapper();
    private final ChatCompletions completions = new ChatCompletions(json);
    private final CompletionChunks chunks = new CompletionChunks(json);
    private final ResponseWriter responses;
    private final Map<String, RequestWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, TokenWindow> tokenWindows = new ConcurrentHashMap<>();
    private final FaultInjector faults;

    /** A handler enforcing {@code config}, counting into {@code counters}, injecting its faults. */
    public ProviderHandler(ProviderConfig config, Counters counters) {
        this(config, counters, new FaultInjector(config.faults(), config.random()));
    }

    /** A handler enforcing {@code config}, counting into {@code counters}, injecting faults with {@code faults}. */
    public ProviderHandler(ProviderConfig config, Counters counters, FaultInjector faults) {
        this.config = config;
        this.counters = counters;
        this.faults = faults;
        this.responses = new ResponseWriter(config, json);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            long nowNanos = config.timeSource().nanoTime();
            String key = bearerToken(exchange);
            counters.count(key, Counters.Kind.REQUEST);
            RequestWindow window = windows.computeIfAbsent(key, k -> config.newWindow());
            if (config.apiKey().isPresent() && !config.apiKey().get().equals(key)) {
                counters.count(key, Counters.Kind.UNAUTHORIZED);
                responses.error(
                        exchange, 401, window.peek(nowNanos), "invalid_authentication_error", "Invalid Authentication");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (CHAT_PATH.equals(path) && "POST".equals(method) || MODELS_PATH.equals(path) && "GET".equals(method)) {
                serveLimited(exchange, key, window, nowNanos, body);
            } else if (CHAT_PATH.equals(path) || MODELS_PATH.equals(path)) {
                responses.error(
                        exchange,
                        405,
                        window.peek(nowNanos),
                        "invalid_request_error",
                        "Method " + method + " is not allowed on " + path);
            } else {
                responses.error(exchange, 404, window.peek(nowNanos), "resource_not_found_error", "Not found: " + path);
            }
        }
    }

    private void serveLimited(HttpExchange exchange, String key, RequestWindow window, long nowNanos, byte[] body)
            throws IOException {
        Admission admission = admit(
                key,
                window,
                nowNanos,
                MODELS_PATH.equals(exchange.getRequestURI().getPath()) ? 0 : tokensOf(body));
        if (!admission.admitted()) {
            counters.count(key, Counters.Kind.RATE_LIMITED);
            responses.rateLimited(exchange, admission);
            return;
        }
        Slot slot = new Slot(window);
        try {
            config.sleeper().sleep(config.latency());
            if (injectError()) {
                counters.count(key, Counters.Kind.SERVER_ERROR);
                slot.free();
                responses.error(
                        exchange,
                        500,
                        admission,
                        "server_error",
                        "The server had an error while processing your request, please retry");
            } else if (MODELS_PATH.equals(exchange.getRequestURI().getPath())) {
                slot.free();
                responses.json(exchange, 200, admission, modelList());
            } else {
                Optional<Fault> fault = faults.next();
                if (fault.isPresent()) {
                    injectFault(fault.get(), exchange, key, admission, body, slot);
                } else {
                    slot.free();
                    answerChat(exchange, key, admission, body);
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            slot.free();
            responses.error(exchange, 503, admission, "server_error", "The server is shutting down");
        } finally {
            slot.free();
        }
    }

    /**
     * Admits a request of {@code tokens} if the key's requests, concurrency and tokens allow it. The token check
     * and the request's admission happen under one lock, so concurrent requests cannot overspend the tokens.
     */
    private Admission admit(String key, RequestWindow window, long nowNanos, long tokens) {
        TokenWindow budget = tokenWindows.computeIfAbsent(key, k -> config.newTokenWindow());
        if (!budget.enforced()) {
            return window.tryAdmit(nowNanos);
        }
        synchronized (budget) {
            Optional<Admission> refused = budget.refusal(nowNanos, tokens);
            if (refused.isPresent()) {
                return refused.get();
            }
            Admission admission = window.tryAdmit(nowNanos);
            return admission.admitted() ? budget.record(nowNanos, tokens, admission) : budget.peek(nowNanos, admission);
        }
    }

    /** The tokens the response to {@code body} will report (0 for a body that is not a valid request). */
    private long tokensOf(byte[] body) {
        try {
            return completions
                    .complete(body, config.models(), config.timeSource().now())
                    .path("usage")
                    .path("total_tokens")
                    .asLong(0);
        } catch (ChatCompletions.InvalidRequestException invalid) {
            return 0;
        }
    }

    private void answerChat(HttpExchange exchange, String key, Admission admission, byte[] body) throws IOException {
        ObjectNode response;
        try {
            response = completions.complete(
                    body, config.models(), config.timeSource().now());
        } catch (ChatCompletions.InvalidRequestException invalid) {
            responses.error(exchange, 400, admission, "invalid_request_error", invalid.getMessage());
            return;
        }
        counters.count(key, Counters.Kind.COMPLETION);
        if (chunks.streams(body)) {
            responses.events(exchange, admission, chunks.events(body, response), false);
        } else {
            responses.json(exchange, 200, admission, response);
        }
    }

    private void injectFault(
            Fault fault, HttpExchange exchange, String key, Admission admission, byte[] body, Slot slot)
            throws IOException, InterruptedException {
        if (fault == Fault.SLOW_RESPONSE) {
            config.sleeper().sleep(config.faults().slowDelay());
        }
        slot.free();
        switch (fault) {
            case SERVER_ERROR_BURST -> {
                counters.count(key, Counters.Kind.SERVER_ERROR);
                responses.error(
                        exchange,
                        faults.serverErrorStatus(),
                        admission,
                        "server_error",
                        "The engine is currently overloaded, please try again later");
            }
            case SLOW_RESPONSE -> answerChat(exchange, key, admission, body);
            case CONNECTION_RESET -> FaultResponses.reset(exchange);
            case MALFORMED_JSON -> FaultResponses.malformedJson(exchange);
            case TRUNCATED_JSON -> {
                ObjectNode complete;
                try {
                    complete = completions.complete(
                            body, config.models(), config.timeSource().now());
                } catch (ChatCompletions.InvalidRequestException invalid) {
                    responses.error(exchange, 400, admission, "invalid_request_error", invalid.getMessage());
                    return;
                }
                if (chunks.streams(body)) {
                    responses.events(exchange, admission, chunks.events(body, complete), true);
                } else {
                    FaultResponses.truncated(exchange, json.writeValueAsBytes(complete));
                }
            }
            case HTML_ERROR_PAGE -> FaultResponses.htmlErrorPage(exchange);
            case EMPTY_BODY -> FaultResponses.empty(exchange);
            case HUGE_BODY -> FaultResponses.huge(exchange, config.faults().hugeBodyBytes());
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
    }

    private boolean injectError() {
        if (config.errorRate() <= 0) {
            return false;
        }
        synchronized (config.random()) {
            return config.random().nextDouble() < config.errorRate();
        }
    }

    private ObjectNode modelList() {
        ObjectNode list = json.createObjectNode();
        list.put("object", "list");
        Instant created = Instant.parse("2024-01-01T00:00:00Z");
        ArrayNode data = list.putArray("data");
        for (String model : config.models()) {
            ObjectNode entry = data.addObject();
            entry.put("id", model);
            entry.put("object", "model");
            entry.put("created", created.getEpochSecond());
            entry.put("owned_by", "moonshot");
        }
        return list;
    }

    private static String bearerToken(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "";
        }
        return authorization.substring(7).trim();
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES);
        in.transferTo(OutputStream.nullOutputStream());
        return body;
    }

    /**
     * An admitted request's concurrency slot, freed once: when its response is ready, before the response
     * leaves. Freed after writing instead, a client that has read the response and sends its next request at
     * once (as a pacer does once the wait before it is over) could still find this request counted in flight
     * and be refused for concurrency; a real server has finished the request by the time its client reads the
     * answer.
     */
    private static final class Slot {
        private final RequestWindow window;
        private boolean freed;

        Slot(RequestWindow window) {
            this.window = window;
        }

        void free() {
            if (!freed) {
                freed = true;
                window.release();
            }
        }
    }
}
