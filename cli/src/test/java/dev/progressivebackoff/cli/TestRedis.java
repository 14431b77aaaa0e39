package dev.progressivebackoff.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.util.IO;

/**
 * The Redis server the tests share: the one {@code PB_REDIS_URL} names when it is set, otherwise a private
 * server this JVM starts on a free loopback port the first time a test asks, and stops when it exits. Its
 * binary is found as pacer-redis's tests find theirs: {@code redis-server} on the PATH, else the one
 * embedded-redis ships, so nothing needs to be installed or started by hand.
 */
final class TestRedis {

    static final String ENV = "PB_REDIS_URL";

    private TestRedis() {
    }

    /** The test Redis's URL, after checking that something listens there. */
    static String url() {
        String configured = System.getenv(ENV);
        if (configured == null || configured.isBlank()) {
            return Private.URL;
        }
        URI uri = URI.create(configured);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        } catch (IOException unreachable) {
            throw new AssertionError(ENV + " names " + uri + " and nothing answers there ("
                    + unreachable.getMessage() + "). Start it, or unset " + ENV
                    + " to let the tests start their own.", unreachable);
        }
        return uri.toString();
    }

    /** The server of this JVM: a holder class, so it starts only when a test first needs it. */
    private static final class Private {

        static final String URL = start();

        private static String start() {
            try {
                int port = freePort();
                // embedded-redis stops it from a shutdown hook of its own (onShutdownForceStop)
                RedisServer server = RedisServer.newRedisServer().executableProvider(binary())
                        .bind("127.0.0.1").port(port).setting("save \"\"").setting("appendonly no")
                        .onShutdownForceStop(true).build();
                server.start();
                return "redis://127.0.0.1:" + port;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An installed {@code redis-server} (built for this machine's libraries), else the embedded one. */
        private static ExecutableProvider binary() {
            try {
                return ExecutableProvider.newExecutableInPath("redis-server");
            } catch (FileNotFoundException notInstalled) {
                return ExecutableProvider.newJarResourceProvider();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
