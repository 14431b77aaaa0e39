package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PacerAsyncTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void spacesAsynchronousStartsAtTheRateWithoutSleeping() {
        // given 60 RPM: one start a second
        Pacer pacer = pacer(Tier.of("sixty", 60, 100));
        List<Duration> startedAt = new ArrayList<>();

        // when five permits are asked for at once
        List<CompletableFuture<Permit>> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<Permit> permit = pacer.acquireAsync(0, scheduler);
            permit.thenRun(() -> startedAt.add(clock.elapsed()));
            permits.add(permit);
        }
        assertThat(pacer.state().waiting()).isEqualTo(4);
        scheduler.runUntilDone(CompletableFuture.allOf(permits.toArray(CompletableFuture[]::new)));

        // then they start a second apart, in order, and nobody slept
        assertThat(startedAt)
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(4));
        assertThat(clock.sleeps()).isEmpty();
        assertThat(pacer.state().inFlight()).isEqualTo(5);
        assertThat(pacer.state().waiting()).isZero();
    }

    @Test
    void queuesAsynchronousCallersBehindTheInFlightCapUntilAPermitCloses() {
        // given two in flight allowed and used
        Pacer pacer = pacer(Tier.of("two", 60_000, 2));
        Permit first = pacer.acquireAsync(0, scheduler).join();
        clock.advance(Duration.ofSeconds(1));
        Permit second = pacer.acquireAsync(0, scheduler).join();
        clock.advance(Duration.ofSeconds(1));

        // when a third asks and ten minutes pass
        CompletableFuture<Permit> third = pacer.acquireAsync(0, scheduler);
        scheduler.runDue();
        clock.advance(Duration.ofMinutes(10));
        scheduler.runDue();

        // then it still waits, as a queued waiter with no task pending
        assertThat(third).isNotDone();
        assertThat(pacer.state().waiting()).isEqualTo(1);
        assertThat(scheduler.pending()).isZero();

        // when one permit closes, then the third starts
        first.close();
        scheduler.runDue();
        assertThat(third).isCompleted();
        assertThat(pacer.state().inFlight()).isEqualTo(2);
        second.close();
        third.join().close();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    void cancellingAWaiterGivesItsPlaceUpToTheNext() {
        // given one slot, held, and two waiters
        Pacer pacer = pacer(Tier.of("one", 60_000, 1));
        Permit holder = pacer.acquireAsync(0, scheduler).join();
        clock.advance(Duration.ofSeconds(1));
        CompletableFuture<Permit> cancelled = pacer.acquireAsync(0, scheduler);
        CompletableFuture<Permit> next = pacer.acquireAsync(0, scheduler);
        scheduler.runDue();

        // when the first waiter is cancelled and the slot freed
        assertThat(cancelled.cancel(true)).isTrue();
        assertThat(pacer.state().waiting()).isEqualTo(1);
        holder.close();
        scheduler.runDue();

        // then the next one holds the slot, and nothing is left behind
        assertThat(next).isCompleted();
        assertThat(pacer.state().inFlight()).isEqualTo(1);
        next.join().close();
        assertThat(pacer.state().inFlight()).isZero();
        assertThat(pacer.state().waiting()).isZero();
    }

    @Test
    void cancellingTheHeadDuringItsSpacingWaitCancelsTheScheduledTry() {
        // given 1 RPM and a start just taken
        Pacer pacer = pacer(Tier.of("slow", 1, 10));
        pacer.acquireAsync(0, scheduler).join().close();
        CompletableFuture<Permit> waiting = pacer.acquireAsync(0, scheduler);
        scheduler.runDue();
        assertThat(scheduler.pending()).isEqualTo(1);

        // when it is cancelled
        waiting.cancel(true);

        // then its try is cancelled and the queue is empty; a later caller starts on the schedule
        assertThat(scheduler.pending()).isZero();
        assertThat(pacer.state().waiting()).isZero();
        AtomicReference<Duration> startedAt = new AtomicReference<>();
        CompletableFuture<Permit> later = pacer.acquireAsync(0, scheduler);
        later.thenRun(() -> startedAt.set(clock.elapsed()));
        scheduler.runUntilDone(later);
        assertThat(startedAt.get()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void blockingAndAsynchronousCallersShareOneQueue() throws InterruptedException {
        // given one slot held by a blocking caller and an asynchronous waiter
        Pacer pacer = pacer(Tier.of("one", 60_000, 1));
        Permit blocking = pacer.acquire();
        CompletableFuture<Permit> waiter = pacer.acquireAsync(0, scheduler);
        scheduler.runDue();
        assertThat(waiter).isNotDone();

        // when the blocking caller's request ends
        clock.advance(Duration.ofSeconds(1));
        blocking.close();
        scheduler.runDue();

        // then the waiter starts
        assertThat(waiter).isCompleted();
        assertThat(pacer.state().inFlight()).isEqualTo(1);
    }

    @Test
    void theUnpacedPacerCompletesAtOnce() {
        assertThat(Pacer.none().acquireAsync(10, scheduler)).isCompletedWithValue(Permit.NONE);
        assertThat(scheduler.pending()).isZero();
    }

    private Pacer pacer(Tier tier) {
        return Pacer.builder()
                .withSpacingMargin(false)
                .withTier(tier)
                .withTimeSource(clock)
                .withSleeper(clock)
                .withMaxHold(Duration.ofMinutes(30))
                .build();
    }
}
