package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PacerInterruptTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final List<String> starts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Boolean> interruptedWithFlag = new ConcurrentHashMap<>();

    @Test
    void givesTheSlotOfAnInterruptedSleeperToTheNextCaller() throws InterruptedException {
        // given a 60 RPM pacer: a start at 0, "first" sleeping toward 1 s, "second" queued behind it
        Pacer pacer = pacer(Tier.of("sixty", 60));
        pacer.acquire().close();
        Workers workers = new Workers();
        Thread first = startCaller(workers, pacer, "first");
        clock.awaitSleepers(1);
        startCaller(workers, pacer, "second");
        Eventually.until(() -> pacer.state().waiting() == 2, () -> "second is queued");

        // when the first is interrupted
        first.interrupt();

        // then it throws InterruptedException with its flag clear, and the second sleeps toward 1 s instead
        Eventually.until(() -> interruptedWithFlag.containsKey("first"), () -> "first gave up");
        assertThat(interruptedWithFlag).containsEntry("first", false);
        clock.awaitSleepers(1);
        assertThat(clock.onlyDeadline()).isEqualTo(Duration.ofSeconds(1));
        Drive.untilFinished(clock, pacer, workers, 2);
        workers.joinAllAndCheck();
        assertThat(starts).containsExactly("second@1000");
        assertThat(pacer.state().waiting()).isZero();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    void removesAnInterruptedCallerFromTheMiddleOfTheQueue() throws InterruptedException {
        // given three callers queued behind a start at 0
        Pacer pacer = pacer(Tier.of("sixty", 60));
        pacer.acquire().close();
        Workers workers = new Workers();
        startCaller(workers, pacer, "a");
        clock.awaitSleepers(1);
        Thread b = startCaller(workers, pacer, "b");
        Eventually.until(() -> pacer.state().waiting() == 2, () -> "b is queued");
        startCaller(workers, pacer, "c");
        Eventually.until(() -> pacer.state().waiting() == 3, () -> "c is queued");

        // when the middle one is interrupted
        b.interrupt();
        Eventually.until(() -> pacer.state().waiting() == 2, () -> "b left the queue");
        Drive.untilFinished(clock, pacer, workers, 3);
        workers.joinAllAndCheck();

        // then the others keep their order and spacing
        assertThat(interruptedWithFlag).containsOnlyKeys("b");
        assertThat(starts).containsExactly("a@1000", "c@2000");
    }

    @Test
    void leaksNoPermitWhenACallerWaitingForAConcurrencySlotIsInterrupted() throws InterruptedException {
        // given the only concurrency slot taken and a caller waiting for it
        Pacer pacer = pacer(Tier.of("one", 60_000, 1));
        Permit holder = pacer.acquire();
        Workers workers = new Workers();
        Thread waiter = startCaller(workers, pacer, "waiter");
        Eventually.until(() -> pacer.state().waiting() == 1, () -> "the waiter is queued");

        // when it is interrupted and the holder ends
        waiter.interrupt();
        workers.joinAllAndCheck();
        holder.close();

        // then nothing is held and the next caller gets the slot at once
        assertThat(interruptedWithFlag).containsEntry("waiter", false);
        assertThat(pacer.state().inFlight()).isZero();
        assertThat(pacer.state().waiting()).isZero();
        clock.advance(Duration.ofSeconds(1));
        Permit next = pacer.acquire();
        assertThat(pacer.state().inFlight()).isEqualTo(1);
        next.close();
    }

    @Test
    void refusesAnAlreadyInterruptedCallerAndClearsItsFlag() {
        // given an interrupted thread
        Pacer pacer = pacer(Tier.of("sixty", 60));
        Thread.currentThread().interrupt();

        // when it acquires, then
        assertThatThrownBy(() -> pacer.acquire()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @SuppressWarnings("try") // the resource is only held; closing it is the point
    private Thread startCaller(Workers workers, Pacer pacer, String name) {
        return workers.start(name, () -> {
            try (Permit permit = pacer.acquire()) {
                starts.add(name + "@" + clock.elapsed().toMillis());
            } catch (InterruptedException interrupted) {
                interruptedWithFlag.put(name, Thread.currentThread().isInterrupted());
            }
        });
    }

    private Pacer pacer(Tier tier) {
        return Pacer.builder()
                .withSpacingMargin(false)
                .withTier(tier)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }
}
