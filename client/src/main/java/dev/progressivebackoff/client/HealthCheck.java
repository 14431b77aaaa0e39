package dev.progressivebackoff.client;

import java.util.Objects;

/**
 * The answer to {@code GET {endpoint}/models}.
 *
 * @param healthy true for a 2xx response
 * @param status  the HTTP status, or 0 when no response arrived
 * @param detail  {@code OK}, the server's error message, or the I/O failure (never the API key)
 */
public record HealthCheck(boolean healthy, int status, String detail) {

    public HealthCheck {
        Objects.requireNonNull(detail, "detail");
    }
}
