package dev.progressivebackoff.testsupport;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.util.IO;

/**
 * A private {@code redis-server} on a free loopback port, which a test may stop and start again on the same
 * port. Nothing needs to be installed: see {@link Binary} for where the server comes from.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** Starts a server on a free port. */
    public static RedisServerProcess start() {
        RedisServerProcess server = new RedisServerProcess(freePort());
        server.startAgain();
        return server;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /**
     * Starts the server again on the same port; returns once it accepts connections.
     *
     * @throws IllegalStateException if it is running
     */
    public void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Binary.PATH,
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no")
                .redirectErrorStream(true);
        try {
            process = builder.start();
        } catch (IOException missing) {
            throw new AssertionError("Cannot run " + Binary.PATH + " (" + missing.getMessage() + ").", missing);
        }
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        try {
            String line;
            while ((line = output.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("Ready to accept connections")) {
                    drainInBackground(output);
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("redis-server on port " + port + " did not start:\n" + seen);
    }

    /** Stops the server at once, like a crash of the machine it runs on. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server on port " + port + " did not stop");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping redis-server", interrupted);
        }
    }

    /** Stops the server ({@link #stop()}). */
    @Override
    public void close() {
        stop();
    }

    private static void drainInBackground(BufferedReader output) {
        Thread drain = new Thread(
                () -> {
                    try {
                        while (output.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // the server stopped
                    }
                },
                "redis-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code redis-server} to run, found once per JVM (extracting the embedded one copies about 10 MB).
     * One installed on the PATH is preferred: it is built for this machine's libraries, whereas the binary
     * embedded-redis ships for Linux needs OpenSSL 3. Without one, the binary embedded-redis ships for this OS
     * and architecture is extracted to a temporary directory (deleted when the JVM exits), so the tests need
     * nothing but Java and Maven. The pacer's script needs Redis 5 or later (the embedded one is 6.2).
     */
    private static final class Binary {

        static final String PATH = find();

        private static String find() {
            try {
                return IO.findBinaryInPath("redis-server").toString();
            } catch (FileNotFoundException notInstalled) {
                return extractEmbedded();
            }
        }

        private static String extractEmbedded() {
            try {
                return ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
            } catch (IOException | RuntimeException unsupported) {
                // embedded-redis ships Linux (amd64, arm64, 386), macOS and Windows binaries
                throw new AssertionError(
                        "No redis-server on the PATH, and embedded-redis has none for "
                                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " ("
                                + unsupported + "). Install redis-server.",
                        unsupported);
            }
        }
    }
}
