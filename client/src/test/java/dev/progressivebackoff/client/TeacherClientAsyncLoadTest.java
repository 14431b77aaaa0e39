package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.simulator.ProviderStats;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many asynchronous calls on a handful of threads: no thread per call, each call answered once. */
class TeacherClientAsyncLoadTest {

    private static final int CALLS = 1_000;
    private static final int IO_THREADS = 4;
    private static final String KEY = "sk-async-load-7d2b";

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    @Test
    void aThousandConcurrentCallsOnFourThreadsAreEachAnsweredOnce() throws Exception {
        // given a simulated provider allowing 16 in flight, and a client pacing at most 8 in flight
        SimulatedProvider provider = providers.start(
                SimulatedProvider.builder().withApiKey(KEY).withRpm(600_000).withMaxConcurrency(16));
        ExecutorService io = Executors.newFixedThreadPool(IO_THREADS);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();

        // when a thousand calls start at once
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(provider.baseUri().toString())
                .withApiKey(KEY)
                .withTier(Tier.of("load", 600_000, 8))
                .withScheduler(scheduler)
                .withAsyncExecutor(task -> io.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    task.run();
                }))
                .build()) {
            for (int i = 0; i < CALLS; i++) {
                calls.add(client.chatAsync("Question number " + i));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            io.shutdownNow();
            scheduler.shutdownNow();
        }

        // then every call got one answer from one request, none was refused, and four threads did the I/O
        Set<String> answers = new HashSet<>();
        for (CompletableFuture<ChatResponse> call : calls) {
            ChatResponse response = call.join();
            assertThat(response.attempts()).isEqualTo(1);
            assertThat(response.rateLimitRetries()).isZero();
            answers.add(response.content());
        }
        ProviderStats stats = provider.stats();
        assertThat(stats.requests()).isEqualTo(CALLS);
        assertThat(stats.completions()).isEqualTo(CALLS);
        assertThat(stats.rateLimited()).isZero();
        assertThat(threads).hasSizeLessThanOrEqualTo(IO_THREADS);
        assertThat(answers).isNotEmpty();
    }
}
