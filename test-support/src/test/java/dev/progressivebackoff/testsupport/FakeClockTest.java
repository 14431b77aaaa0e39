package dev.progressivebackoff.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeClockTest {

    @Test
    void anAdvancingClockMovesBySleepingAndRecordsEverySleep() throws InterruptedException {
        FakeClock clock = FakeClock.advancingOnSleep();

        clock.sleep(Duration.ofSeconds(20));
        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofSeconds(-5));
        clock.sleep(Duration.ofMillis(40));

        assertThat(clock.sleeps())
                .containsExactly(Duration.ofSeconds(20), Duration.ZERO, Duration.ofSeconds(-5), Duration.ofMillis(40));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(20_040));
        assertThat(clock.nanoTime()).isEqualTo(20_040_000_000L);
        assertThat(clock.now()).isEqualTo(FakeClock.START.plusMillis(20_040));
        assertThat(clock.sleepers()).isZero();
    }

    @Test
    void advancingMovesTimeWithoutRecordingASleepAndSleepsCanBeForgotten() throws InterruptedException {
        FakeClock clock = FakeClock.advancingOnSleep();
        clock.sleep(Duration.ofSeconds(1));

        clock.advance(Duration.ofMinutes(1));
        clock.clearSleeps();

        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(61));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anInterruptedThreadIsRefusedItsSleepAndLosesTheFlag() {
        FakeClock clock = FakeClock.advancingOnSleep();

        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(clock.elapsed()).isZero();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aParkedSleeperWakesOnlyWhenTheTestReachesItsDeadline() throws Exception {
        FakeClock clock = FakeClock.parkingSleepers();
        CompletableFuture<Duration> woke = sleepInAnotherThread(clock, Duration.ofSeconds(3));
        clock.awaitSleepers(1);

        clock.advance(Duration.ofSeconds(2));

        assertThat(clock.sleepers()).isEqualTo(1);
        assertThat(clock.onlyDeadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(woke).isNotDone();

        clock.advance(Duration.ofSeconds(1));

        assertThat(woke.get(20, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(3));
        assertThat(clock.sleepers()).isZero();
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void advancingToTheNextDeadlineWakesTheEarliestSleeperAlone() throws Exception {
        FakeClock clock = FakeClock.parkingSleepers();
        CompletableFuture<Duration> early = sleepInAnotherThread(clock, Duration.ofSeconds(1));
        clock.awaitSleepers(1);
        CompletableFuture<Duration> late = sleepInAnotherThread(clock, Duration.ofSeconds(5));
        clock.awaitSleepers(2);

        clock.advanceToNextDeadline();

        assertThat(early.get(20, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
        clock.awaitSleepers(1);
        assertThat(late).isNotDone();

        clock.advanceToNextDeadline();

        assertThat(late.get(20, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(clock::advanceToNextDeadline)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("nobody is sleeping");
    }

    @Test
    void aZeroSleepDoesNotParkAndAnInterruptEndsAParkedSleep() throws Exception {
        FakeClock clock = FakeClock.parkingSleepers();
        clock.sleep(Duration.ZERO);
        Thread sleeper = new Thread(() -> {
            try {
                clock.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException expected) {
                // the sleep ends without time moving
            }
        });
        sleeper.start();
        clock.awaitSleepers(1);

        sleeper.interrupt();
        sleeper.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(sleeper.isAlive()).isFalse();
        assertThat(clock.sleepers()).isZero();
        assertThat(clock.elapsed()).isZero();
        assertThat(clock.sleeps()).containsExactly(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void theOnlyDeadlineNeedsExactlyOneSleeper() {
        FakeClock clock = FakeClock.parkingSleepers();

        assertThatThrownBy(clock::onlyDeadline)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected one sleeper, have 0");
    }

    /** Sleeps {@code duration} on {@code clock} in a new thread; completes with the time at which it woke. */
    private static CompletableFuture<Duration> sleepInAnotherThread(FakeClock clock, Duration duration) {
        CompletableFuture<Duration> woke = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                clock.sleep(duration);
                woke.complete(clock.elapsed());
            } catch (InterruptedException e) {
                woke.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return woke;
    }
}
