package dev.progressivebackoff.simulator.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.progressivebackoff.simulator.Fault;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the broken responses of injected faults (all but the slow one, which is a normal answer given
 * late, and the 5xx, which is an ordinary error response).
 */
final class FaultResponses {

    /** What an nginx in front of a dead upstream sends. */
    static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /** A completion cut off mid-object: what a broken proxy or a crashed encoder delivers as a "complete" 200. */
    static final String MALFORMED = "{\"id\":\"chatcmpl-sim-broken\",\"object\":\"chat.completion\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The answer is";

    private FaultResponses() {}

    /** Closes the connection without a response. */
    static void reset(HttpExchange exchange) {
        // Closing an exchange before its response headers went out closes the connection itself.
        exchange.close();
    }

    /** A complete 200 response whose JSON body is broken. */
    static void malformedJson(HttpExchange exchange) throws IOException {
        send(exchange, 200, "application/json; charset=utf-8", MALFORMED.getBytes(StandardCharsets.UTF_8));
    }

    /** A 200 announcing {@code body}'s full length, of which only the first half is sent before the connection ends. */
    static void truncated(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // Ending the exchange short of the announced length makes the server drop the connection.
        exchange.close();
    }

    /** A 502 with an HTML page. */
    static void htmlErrorPage(HttpExchange exchange) throws IOException {
        send(exchange, 502, "text/html", HTML_502.getBytes(StandardCharsets.UTF_8));
    }

    /** A 200 with no body at all. */
    static void empty(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, -1);
    }

    /**
     * A 200 JSON completion whose content is {@code bytes} long, streamed (never held in memory). A client
     * that stops reading makes the write fail, which ends the exchange.
     */
    static void huge(HttpExchange exchange, long bytes) throws IOException {
        byte[] head =
                "{\"id\":\"chatcmpl-sim-huge\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        .concat("{\"role\":\"assistant\",\"content\":\"")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"},\"finish_reason\":\"stop\"}]}".getBytes(StandardCharsets.UTF_8);
        long fill = Math.max(0, bytes - head.length - tail.length);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, head.length + fill + tail.length);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(head);
            for (long left = fill; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.write(tail);
        }
    }

    /** Sends a whole body. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Whether {@code fault} is written here (the others are handled by the normal answer path). */
    static boolean writesItself(Fault fault) {
        return fault != Fault.SLOW_RESPONSE && fault != Fault.SERVER_ERROR_BURST;
    }
}
