package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.client.internal.ThreadLocalRandomGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The jitter source is shared by every thread calling a client, so the default one must be thread-safe. */
class TeacherClientRandomTest {

    private static final int THREADS = 8;
    private static final int DRAWS = 20_000;

    @Test
    void theDefaultRandomIsTheThreadSafeOne() {
        RandomGenerator chosen = TeacherClient.builder().random();

        assertThat(chosen).isSameAs(ThreadLocalRandomGenerator.INSTANCE);
    }

    @Test
    void anInjectedRandomIsKeptAsGiven() {
        Random seeded = new Random(42);

        assertThat(TeacherClient.builder().withRandom(seeded).random()).isSameAs(seeded);
    }

    @Test
    void theDefaultRandomDrawsInRangeFromManyThreadsAtOnce() throws Exception {
        RandomGenerator chosen = TeacherClient.builder().random();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        Set<Long> firstDraws = ConcurrentHashMap.newKeySet();
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    firstDraws.add(chosen.nextLong());
                    boolean inRange = true;
                    for (int i = 0; i < DRAWS; i++) {
                        double unit = chosen.nextDouble();
                        double jitter = chosen.nextDouble(0.5, 1.5);
                        int bounded = chosen.nextInt(10);
                        long wide = chosen.nextLong(1, 1_000);
                        inRange &= unit >= 0
                                && unit < 1
                                && jitter >= 0.5
                                && jitter < 1.5
                                && bounded >= 0
                                && bounded < 10
                                && wide >= 1
                                && wide < 1_000;
                    }
                    return inRange;
                }));
            }
            start.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // each thread has its own state: no two threads start on the same draw
        assertThat(firstDraws).hasSize(THREADS);
    }
}
