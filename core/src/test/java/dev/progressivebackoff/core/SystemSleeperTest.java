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
        assertThatThrownBy(() -> SystemSleeper.INSTANCE.sleep(Duration.ZERO))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void theSystemTimeSourceIsMonotonic() {
        long first = SystemTimeSource.INSTANCE.nanoTime();
        long second = SystemTimeSource.INSTANCE.nanoTime();

        assertThat(second).isGreaterThanOrEqualTo(first);
        assertThat(SystemTimeSource.INSTANCE.now()).isAfter(java.time.Instant.parse("2020-01-01T00:00:00Z"));
    }
}
