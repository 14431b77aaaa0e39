package dev.progressivebackoff.verification.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.PoolStats;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 chat completions from 32 threads through one {@link TeacherClient} against the simulated provider
 * at a rate no limit is hit: every request is answered exactly once, the client leaves no thread and no
 * leased connection behind, and the heap does not grow with the number of requests. Prints the throughput.
 *
 * <p>Reproduce: {@code mvn -B -q -pl verification -am verify -Dtest=TeacherClientLoadTest
 * -Dsurefire.failIfNoSpecifiedTests=false} and look for the {@code Load test:} line in the output.
 */
class TeacherClientLoadTest {

    private static final int REQUESTS = 10_000;
    private static final int THREADS = 32;
    private static final String KEY = "sk-load-test-0123456789";

    @Test
    @Timeout(120)
    void tenThousandRequestsFrom32ThreadsAreEachAnsweredOnceWithNoThreadConnectionOrMemoryLeft() throws Exception {
        // given a provider that admits everything, and the threads and heap before the client exists
        try (SimulatedProvider provider = SimulatedProvider.builder()
                .withRpm(600_000_000)
                .withMaxConcurrency(256)
                .withApiKey(KEY)
                .build()) {
            String endpoint = provider.start().toString();
            Set<Thread> threadsBefore = liveThreads();
            long heapBefore = usedHeapAfterGc();
            Map<Integer, String> answers = new ConcurrentHashMap<>();
            AtomicInteger duplicates = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            TeacherClient client = TeacherClient.builder()
                    .withSettings(ClientSettings.builder()
                            .withEndpoint(endpoint)
                            .withRateLimit(RateLimitSettings.builder()
                                    .withTier("tier5")
                                    .withRpm(600_000_000)
                                    .withPace(false)
                                    .withSkipTierDetection(true)
                                    .build())
                            .withTransport(TransportSettings.builder()
                                    .withPoolSize(THREADS)
                                    .build())
                            .build())
                    .withApiKey(KEY)
                    .build();

            // when 32 workers share 10,000 requests
            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            CountDownLatch finished = new CountDownLatch(THREADS);
            for (int w = 0; w < THREADS; w++) {
                Thread worker = new Thread(
                        () -> {
                            try {
                                for (int i = next.getAndIncrement();
                                        i < REQUESTS && failure.get() == null;
                                        i = next.getAndIncrement()) {
                                    ChatResponse response = client.chat("request-" + i + " please");
                                    if (answers.putIfAbsent(i, response.content()) != null) {
                                        duplicates.incrementAndGet();
                                    }
                                }
                            } catch (Throwable t) {
                                failure.compareAndSet(null, t);
                            } finally {
                                finished.countDown();
                            }
                        },
                        "load-worker-" + w);
                workers.add(worker);
                worker.start();
            }
            finished.await();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            for (Thread worker : workers) {
                worker.join();
            }
            PoolStats poolAfterRun = transportOf(client).poolStats();
            client.close();
            double perSecond = REQUESTS / (elapsed.toNanos() / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "Load test: %d requests from %d threads through one TeacherClient in "
                            + "%.2f s = %.0f requests/s (%d processors)%n",
                    REQUESTS,
                    THREADS,
                    elapsed.toNanos() / 1e9,
                    perSecond,
                    Runtime.getRuntime().availableProcessors());

            // then every request was answered once, with its own answer
            assertThat(failure.get()).isNull();
            assertThat(duplicates.get()).isZero();
            assertThat(answers).hasSize(REQUESTS);
            assertThat(answers).allSatisfy((i, content) -> assertThat(content).contains("request-" + i + " "));
            assertThat(provider.stats().requests()).isEqualTo(REQUESTS);
            assertThat(provider.stats().completions()).isEqualTo(REQUESTS);
            assertThat(provider.stats().rateLimited()).isZero();
            // and no connection is still leased, none was opened beyond the pool's size
            assertThat(poolAfterRun.isIdle()).as(poolAfterRun.toString()).isTrue();
            assertThat(poolAfterRun.available()).isBetween(1, THREADS);
            // and no thread outlives the client
            assertThat(names(newThreads(threadsBefore))).isEmpty();
            // and the heap holds nothing per request (10,000 answers kept by the test itself are about 3 MB)
            answers.clear();
            assertThat(usedHeapAfterGc() - heapBefore).isLessThan(48L * 1024 * 1024);
        }
    }

    /** The client's transport; {@link TeacherClient} does not expose it, so the test reads the field. */
    private static HttpClient5Transport transportOf(TeacherClient client) throws ReflectiveOperationException {
        Field field = TeacherClient.class.getDeclaredField("transport");
        field.setAccessible(true);
        return (HttpClient5Transport) field.get(client);
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toSet());
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        return liveThreads().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> !thread.getName().startsWith("simulated-provider"))
                .collect(Collectors.toSet());
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
