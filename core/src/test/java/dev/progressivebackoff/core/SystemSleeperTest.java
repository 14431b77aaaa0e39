package dev.progressivebackoff.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SystemSleeperTest {

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void returnsAtOnceForZeroAndNegativeWaits() throws InterruptedException {
        SystemSleeper.INSTANCE.sleep(Duration.ZERO);
        SystemSleeper.INSTANCE.sleep(Duration.ofSeconds(-5));

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void throwsAtOnceWhenTheThreadIsAlreadyInterrupted() {
        // given
        Thread.currentThread().interrupt();

        // then: an interrupted thread never starts the hour-long wait
        assertThatThrownBy(() -> SystemSleeper.INSTANCE.sleep(Duration.ofHours(1)))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void honoursAnInterruptEvenForAZeroWait() {
        // given
        Thread.currentThread().interrupt();

        // then
        assertThatThrownBy(() -> SystemSleeper.INSTANCE.sleep(Duration.ZERO)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void sleepsAFractionOfAMillisecondNeitherLessNorRoundedUpToAWholeOne() throws InterruptedException {
        // when sleeping 0.3 ms fifty times (Thread.sleep on JDK 17 would sleep at least 1 ms each time)
        long shortest = Long.MAX_VALUE;
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            long before = System.nanoTime();
            SystemSleeper.INSTANCE.sleep(Duration.ofNanos(300_000));
            shortest = Math.min(shortest, System.nanoTime() - before);
        }
        long total = System.nanoTime() - started;

        // then no sleep was shorter than asked, and not every one was rounded up to a whole millisecond (the
        // shortest of fifty shows it even on a loaded machine, where a total would depend on the load)
        assertThat(shortest).isGreaterThanOrEqualTo(300_000);
        assertThat(Duration.ofNanos(shortest)).isLessThan(Duration.ofMillis(1));
        assertThat(Duration.ofNanos(total)).isGreaterThanOrEqualTo(Duration.ofMillis(15));
    }

    @Test
    void anInterruptEndsAWaitEarly() throws InterruptedException {
        // given a thread that interrupts this one in 50 ms
        Thread sleeper = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                return;
            }
            sleeper.interrupt();
        });
        interrupter.start();
        long before = System.nanoTime();

        // then the hour-long wait ends with InterruptedException, flag cleared
        assertThatThrownBy(() -> SystemSleeper.INSTANCE.sleep(Duration.ofHours(1)))
                .isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        interrupter.join();
    }

    @Test
    void theSystemTimeSourceIsMonotonic() {
        long first = SystemTimeSource.INSTANCE.nanoTime();
        long second = SystemTimeSource.INSTANCE.nanoTime();

        assertThat(second).isGreaterThanOrEqualTo(first);
        assertThat(SystemTimeSource.INSTANCE.now()).isAfter(java.time.Instant.parse("2020-01-01T00:00:00Z"));
    }
}
