package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The send hook of {@link HttpClient5Transport#execute(TransportRequest, Runnable)} runs once the request has been
 * handed to the network, not before it is formatted: a server on loopback can read the whole request (head and
 * body) while the hook is still running. A hook run earlier would leave the time spent formatting a request (tens
 * of milliseconds when cold) between the pacer's stamp and the server's arrival.
 */
class SendMomentTest {

    private static final String BODY = "{\"model\":\"m\",\"messages\":[]}";

    @Test
    void theHookRunsOnceTheServerCanReadTheWholeRequest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                HttpClient5Transport transport = HttpClient5Transport.builder().build()) {
            CountDownLatch requestRead = new CountDownLatch(1);
            Thread serving = new Thread(() -> answerOne(server, requestRead), "send-moment-server");
            serving.start();
            AtomicBoolean readDuringHook = new AtomicBoolean();
            AtomicInteger hooks = new AtomicInteger();
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions");

            // when the request is sent, its hook waiting (up to 5 s) for the server to have read all of it
            TransportResponse response =
                    transport.execute(TransportRequest.postJson(uri, BODY.getBytes(StandardCharsets.UTF_8)), () -> {
                        hooks.incrementAndGet();
                        try {
                            readDuringHook.set(requestRead.await(5, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });

            // then the server had read it before the hook returned, and the hook ran once
            serving.join(5000);
            assertThat(response.status()).isEqualTo(200);
            assertThat(readDuringHook).isTrue();
            assertThat(hooks).hasValue(1);
        }
    }

    /** Reads one request (head and a Content-Length body), counts {@code read} down, then answers 200. */
    private static void answerOne(ServerSocket server, CountDownLatch read) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = contentLength(head);
            in.readNBytes(length);
            read.countDown();
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                            + "Connection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the request ended inside its head");
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }
}
