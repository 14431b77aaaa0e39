package dev.progressivebackoff.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The Redis server a test JVM shares: the one {@value #ENV} names when it is set, otherwise a private
 * {@link RedisServerProcess} started on a free loopback port the first time a test asks, and stopped when the JVM
 * exits. So nothing needs to be installed or started by hand; tests sharing it use their own keys.
 */
public final class RedisTestServer {

    /** The environment variable naming an existing Redis to test against instead. */
    public static final String ENV = "PB_REDIS_URL";

    private RedisTestServer() {}

    /**
     * The test Redis's URI, after checking that something listens there.
     *
     * @throws AssertionError if {@value #ENV} names an address where nothing listens
     */
    public static URI uri() {
        String configured = System.getenv(ENV);
        if (configured == null || configured.isBlank()) {
            return Private.SERVER.uri();
        }
        URI uri = URI.create(configured);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        } catch (IOException unreachable) {
            throw new AssertionError(
                    ENV + " names " + uri + " and nothing answers there ("
                            + unreachable.getMessage() + "). Start it, or unset " + ENV
                            + " to let the tests start their own.",
                    unreachable);
        }
        return uri;
    }

    /** The server of this JVM: a holder class, so it starts only when a test first needs it. */
    private static final class Private {

        static final RedisServerProcess SERVER = startUntilExit();

        private static RedisServerProcess startUntilExit() {
            RedisServerProcess server = RedisServerProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-redis-stop"));
            return server;
        }
    }
}
