package dev.progressivebackoff.verification.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import dev.progressivebackoff.verification.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Eight workers share one {@link TeacherClient} (real HTTP over loopback) against the simulated provider
 * enforcing 120 RPM with no burst (one request per 0.5 s window) and one request in flight (like Moonshot's
 * free tier), both on one simulated clock: with the tier known, the pacer spaces the 40 requests so that none
 * meets a 429, and the batch ends at the ideal time. With one request in flight, only the pacer's queue head
 * sleeps, between a response and the next start, so virtual time moves exactly as the pacer decides (with
 * several in flight, virtual time would run ahead of requests still travelling in real time).
 */
class PacedTeacherClientEndToEndTest {

    private static final int WORKERS = 8;
    private static final int REQUESTS = 40;
    private static final Tier STRICT = Tier.of("strict-120", 120, 1);
    private static final String KEY = "sk-paced-e2e";

    private final SimulatedClock clock = new SimulatedClock();

    private SimulatedProvider provider() {
        return SimulatedProvider.builder()
                .withTier(STRICT)
                .withWindow(Duration.ofMillis(500))
                .withApiKey(KEY)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }

    private TeacherClient client(SimulatedProvider provider, boolean pace, List<RetryEvent> events) {
        List<Tier> tiers = new ArrayList<>(TierCatalog.moonshot().tiers());
        tiers.add(STRICT);
        return TeacherClient.builder()
                .withSettings(ClientSettings.builder()
                        .withEndpoint(provider.start().toString())
                        .withRateLimit(RateLimitSettings.builder()
                                .withTier(STRICT.name())
                                .withPace(pace)
                                .build())
                        .withTransport(TransportSettings.builder()
                                .withPoolSize(WORKERS)
                                .build())
                        .build())
                .withTierCatalog(TierCatalog.of(tiers))
                .withApiKey(KEY)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(events::add)
                .build();
    }

    @Test
    void eightWorkersFinishFortyRequestsWithoutA429AtTheIdealTimeWhenTheTierIsKnown() throws Exception {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        try (SimulatedProvider provider = provider();
                TeacherClient client = client(provider, true, events)) {
            // when
            int completed = runBatch(client);

            // then
            ProviderStats stats = provider.stats(KEY);
            assertThat(completed).isEqualTo(REQUESTS);
            assertThat(stats.rateLimited()).isZero();
            assertThat(stats.requests()).isEqualTo(REQUESTS);
            assertThat(events).noneMatch(event -> event instanceof RetryEvent.RateLimited);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis((REQUESTS - 1) * 500L));
        }
    }

    @Test
    void theSameBatchUnpacedMeets429s() throws Exception {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        try (SimulatedProvider provider = provider();
                TeacherClient client = client(provider, false, events)) {
            // when
            runBatch(client);

            // then eight requests arrive in the first window, seven of them too soon
            assertThat(provider.stats(KEY).rateLimited()).isGreaterThanOrEqualTo(WORKERS - 1);
        }
    }

    private static int runBatch(TeacherClient client) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Thread worker = new Thread(
                    () -> {
                        while (next.getAndIncrement() < REQUESTS) {
                            try {
                                client.chat("Hello");
                                completed.incrementAndGet();
                            } catch (RuntimeException gaveUp) {
                                // counted by its absence from completed
                            }
                        }
                    },
                    "worker-" + w);
            threads.add(worker);
            worker.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        return completed.get();
    }
}
