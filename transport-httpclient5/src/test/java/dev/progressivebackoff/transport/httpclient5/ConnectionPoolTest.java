package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HttpClient5's default pool allows 5 connections per route; ours is sized to the configured concurrency. */
class ConnectionPoolTest {

    @Test
    void thePoolLetsAsManyRequestsBeInFlightAsTheConfiguredConcurrency() throws Exception {
        // given: a server that answers only once all eight requests are in flight at the same time
        int concurrency = 8;
        CountDownLatch inFlight = new CountDownLatch(concurrency);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService serverThreads = Executors.newFixedThreadPool(concurrency * 2);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            inFlight.countDown();
            int status;
            try {
                status = inFlight.await(20, TimeUnit.SECONDS) ? 200 : 408;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 408;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/models");
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);

        // when
        List<Integer> statuses = new ArrayList<>();
        PoolStats afterwards;
        try (HttpClient5Transport transport = HttpClient5Transport.builder()
                .withPoolSize(concurrency)
                .withMaxTransportRetries(0)
                .build()) {
            List<Future<TransportResponse>> calls = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                calls.add(callers.submit(() -> transport.execute(TransportRequest.get(uri))));
            }
            for (Future<TransportResponse> call : calls) {
                statuses.add(call.get(60, TimeUnit.SECONDS).status());
            }
            afterwards = transport.poolStats();
        } finally {
            callers.shutdownNow();
            server.stop(0);
            serverThreads.shutdownNow();
        }

        // then
        assertThat(statuses).hasSize(concurrency).containsOnly(200);
        assertThat(afterwards).isEqualTo(new PoolStats(0, 0, concurrency, concurrency));
        assertThat(afterwards.isIdle()).isTrue();
    }
}
