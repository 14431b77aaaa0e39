package dev.progressivebackoff.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.support.GoDurations;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes the simulated provider's responses: JSON bodies, the {@code x-ratelimit-*} headers on every
 * response, and the Moonshot-style 429.
 *
 * <p>The JDK server always stamps {@code Date} with the system clock, whatever the provider's time
 * source; clients measure an HTTP-date {@code Retry-After} against that header, so the date is computed
 * from the same system clock plus the wait the (possibly simulated) window asks for.
 */
final class ResponseWriter {

    /** RFC 9110 IMF-fixdate: two-digit day, English names, GMT. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final ProviderConfig config;
    private final ObjectMapper json;

    ResponseWriter(ProviderConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** A 429 for a refused request, with the configured retry header and the message hint. */
    void rateLimited(HttpExchange exchange, Admission admission) throws IOException {
        Duration wait = admission.retryWait();
        long hintSeconds = Math.max(1, ceilSeconds(wait));
        String limit = switch (admission.verdict()) {
            case OVER_CONCURRENCY -> "max concurrency: " + config.maxConcurrency();
            case OVER_TPM -> "max TPM: " + config.tokensPerMinute();
            case OVER_TPD -> "TPD rate limit, limit: " + config.tokensPerDay();
            default -> "max RPM: " + config.requestsPerMinute();
        };
        String message = "Your account org-sim<ak-sim> request reached organization " + limit
                + ", please try again after " + hintSeconds + " seconds";
        Headers headers = exchange.getResponseHeaders();
        switch (config.retryAfter()) {
            case SECONDS -> headers.set("Retry-After", Long.toString(ceilSeconds(wait)));
            case DATE ->
                headers.set(
                        "Retry-After",
                        HTTP_DATE.format(
                                ceilToSecond(SystemTimeSource.INSTANCE.now().plus(wait))));
            case MS -> headers.set("retry-after-ms", Long.toString(ceilMillis(wait)));
            case NONE -> {}
        }
        error(exchange, 429, admission, "rate_limit_reached_error", message);
    }

    /** An OpenAI/Moonshot-style error: {@code {"error":{"message":...,"type":...}}}. */
    void error(HttpExchange exchange, int status, Admission admission, String type, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        json(exchange, status, admission, body);
    }

    /** A JSON response with the rate-limit headers. */
    void json(HttpExchange exchange, int status, Admission admission, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        rateLimitHeaders(exchange, admission);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A 200 {@code text/event-stream} with the rate-limit headers, each event sent (flushed) on its own as a
     * streaming provider does. With {@code cut}, only the first half of the bytes is sent, then the connection is
     * dropped mid-stream (the length announced is never reached).
     */
    void events(HttpExchange exchange, Admission admission, List<byte[]> events, boolean cut) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        rateLimitHeaders(exchange, admission);
        long total = events.stream().mapToLong(event -> event.length).sum();
        exchange.sendResponseHeaders(200, cut ? total : 0);
        OutputStream out = exchange.getResponseBody();
        long sent = 0;
        for (byte[] event : events) {
            int length = (int) Math.max(0, cut ? Math.min(event.length, total / 2 - sent) : event.length);
            out.write(event, 0, length);
            out.flush();
            sent += length;
        }
        // Ended short of the announced length, the exchange drops the connection: a stream cut by the network.
        exchange.close();
    }

    private void rateLimitHeaders(HttpExchange exchange, Admission admission) {
        Headers headers = exchange.getResponseHeaders();
        headers.set("x-ratelimit-limit-requests", Integer.toString(config.requestsPerMinute()));
        headers.set("x-ratelimit-remaining-requests", Integer.toString(admission.remaining()));
        headers.set("x-ratelimit-reset-requests", GoDurations.format(admission.reset()));
        if (admission.remainingTokens() >= 0) {
            headers.set("x-ratelimit-limit-tokens", Long.toString(config.tokensPerMinute()));
            headers.set("x-ratelimit-remaining-tokens", Long.toString(admission.remainingTokens()));
            headers.set("x-ratelimit-reset-tokens", GoDurations.format(admission.resetTokens()));
        }
    }

    private static Instant ceilToSecond(Instant instant) {
        Instant whole = instant.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(instant) ? whole : whole.plusSeconds(1);
    }

    private static long ceilSeconds(Duration wait) {
        long seconds = wait.getSeconds();
        return wait.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static long ceilMillis(Duration wait) {
        long millis = wait.toMillis();
        return wait.toNanosPart() % 1_000_000 > 0 ? millis + 1 : millis;
    }
}
