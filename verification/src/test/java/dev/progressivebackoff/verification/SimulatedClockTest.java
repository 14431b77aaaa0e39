package dev.progressivebackoff.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void startsAtTheDefaultInstantWithNothingElapsed() {
        SimulatedClock clock = new SimulatedClock();

        assertThat(clock.now()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(clock.start()).isEqualTo(SimulatedClock.DEFAULT_START);
        assertThat(clock.nanoTime()).isZero();
        assertThat(clock.elapsed()).isZero();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void sleepingAdvancesVirtualTimeAtOnceAndRecordsTheWait() throws InterruptedException {
        // given
        SimulatedClock clock = new SimulatedClock(Instant.parse("2030-06-01T12:00:00Z"));

        // when
        clock.sleep(Duration.ofSeconds(640));
        clock.sleep(Duration.ofMillis(12));

        // then
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(640), Duration.ofMillis(12));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(640_012));
        assertThat(clock.nanoTime()).isEqualTo(640_012_000_000L);
        assertThat(clock.now()).isEqualTo(Instant.parse("2030-06-01T12:10:40.012Z"));
    }

    @Test
    void recordsZeroAndNegativeSleepsWithoutMovingTime() throws InterruptedException {
        // given
        SimulatedClock clock = new SimulatedClock();

        // when
        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofSeconds(-3));

        // then
        assertThat(clock.sleeps()).containsExactly(Duration.ZERO, Duration.ofSeconds(-3));
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void advancingMovesTimeWithoutRecordingASleep() {
        // given
        SimulatedClock clock = new SimulatedClock();

        // when
        clock.advance(Duration.ofSeconds(5));

        // then
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(clock.sleeps()).isEmpty();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void honoursAPendingInterruptLikeARealSleep() {
        // given
        SimulatedClock clock = new SimulatedClock();
        Thread.currentThread().interrupt();

        // then
        assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(20))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(clock.sleeps()).isEmpty();
        assertThat(clock.elapsed()).isZero();
    }

    @Test
    void saturatesInsteadOfOverflowing() throws InterruptedException {
        // regression: a sleep past ~292 years of nanoseconds used to throw ArithmeticException
        SimulatedClock clock = new SimulatedClock();

        // when
        clock.sleep(Duration.ofDays(36_500));
        clock.sleep(Duration.ofDays(36_500));
        clock.sleep(Duration.ofDays(36_500));
        clock.sleep(Duration.ofSeconds(Long.MAX_VALUE));

        // then
        assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(clock.now()).isEqualTo(Instant.MAX);
        assertThat(clock.sleeps()).hasSize(4);
    }

    @Test
    void addsUpSleepsFromSeveralThreads() throws Exception {
        // given
        SimulatedClock clock = new SimulatedClock();
        int threads = 4;
        int sleepsEach = 250;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < sleepsEach; i++) {
                        clock.sleep(Duration.ofMillis(1));
                    }
                    return null;
                }));
            }

            // when
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertThat(clock.sleeps()).hasSize(threads * sleepsEach);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis((long) threads * sleepsEach));
    }

    @Test
    void rejectsNull() {
        SimulatedClock clock = new SimulatedClock();

        assertThatThrownBy(() -> clock.sleep(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SimulatedClock(null)).isInstanceOf(NullPointerException.class);
    }
}
