package dev.progressivebackoff.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    @Test
    void returnsOnceAnotherThreadMakesTheConditionHold() throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch polled = new CountDownLatch(3);
        Thread other = new Thread(() -> {
            try {
                // only once the waiter has seen the condition false a few times
                if (polled.await(20, TimeUnit.SECONDS)) {
                    done.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();

        Eventually.until(
                () -> {
                    polls.incrementAndGet();
                    polled.countDown();
                    return done.get();
                },
                () -> "the other thread is done");

        assertThat(done).isTrue();
        assertThat(polls.get()).isGreaterThanOrEqualTo(3);
        other.join();
    }

    @Test
    void aConditionThatAlreadyHoldsIsCheckedOnce() {
        AtomicInteger polls = new AtomicInteger();

        Eventually.holds(() -> polls.incrementAndGet() > 0);

        assertThat(polls).hasValue(1);
    }
}
