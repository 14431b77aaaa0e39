package dev.progressivebackoff.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The Redis server the tests share: {@code PB_REDIS_URL}, default {@code redis://127.0.0.1:6390}; CI starts it
 * with {@code .ci/redis.sh start}. When it does not answer, a test fails (never skips) saying how to start it.
 */
final class TestRedis {

    static final String ENV = "PB_REDIS_URL";

    private TestRedis() {
    }

    /** The test Redis's URL, after checking that something listens there. */
    static String url() {
        URI uri = URI.create(System.getenv().getOrDefault(ENV, "redis://127.0.0.1:6390"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        } catch (IOException unreachable) {
            throw new AssertionError("These tests need a Redis server at " + uri + " and none answers ("
                    + unreachable.getMessage() + "). Start one with `.ci/redis.sh start`, or point " + ENV
                    + " at one.", unreachable);
        }
        return uri.toString();
    }
}
